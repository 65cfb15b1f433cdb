package org.olocus.discovery.dns.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.olocus.discovery.api.DiscoveryContext;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryException.Kind;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.support.internal.ConfigDefaults;
import org.olocus.discovery.support.internal.NamedThreadFactory;
import org.olocus.discovery.support.internal.Shutdown;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The DNS {@link DiscoveryMechanism}: every round looks up each configured domain's SRV/TXT peers and each
 * /dnsaddr domain (from cache while the answers' TTLs allow), all within {@code dns_timeout}, and returns the
 * peers whose ids DNS gives. Hosts without an id are never given one: when the transport's {@link Host} is there
 * they are dialled ({@link TargetDialer}) and those whose handshake proves an id are pushed as peers; without it
 * they are reported in {@code status}. With an update server and a TSIG key it announces us by RFC 2136 and
 * withdraws on stop. Configuration applies live; a bad one
 * is refused and shown in {@code status}.
 */
@Component(service = {DiscoveryMechanism.class, DnsDiscovery.class}, configurationPid = DnsDiscovery.PID,
        immediate = true)
@Designate(ocd = DnsConfig.class)
public final class DnsDiscovery implements DiscoveryMechanism {
    static final String PID = "org.olocus.discovery.dns";
    /** {@link DnsConfig}'s defaults, which are written there only. */
    static final DnsSettings DEFAULTS = DnsSettings.from(ConfigDefaults.of(DnsConfig.class));
    private static final Logger LOG = LoggerFactory.getLogger(DnsDiscovery.class);

    private final ExecutorService executor = Executors.newFixedThreadPool(2, new NamedThreadFactory("dns"));
    private final RejectLog rejects = new RejectLog();
    private final DomainHealth health = new DomainHealth();
    private final Map<String, List<AddressOnlyTarget>> addressOnly = new ConcurrentHashMap<>();
    private final TargetDialer dialer = new TargetDialer(executor, System::nanoTime);
    private final AtomicReference<Host> host = new AtomicReference<>();
    private volatile DiscoveryContext context;
    private volatile DnsEngine engine;
    private volatile Optional<SelfAnnouncer> announcer = Optional.empty();
    private volatile String announceState = "not announced yet";
    private volatile String configError;
    private volatile boolean active;

    @Activate
    public DnsDiscovery(DnsConfig config) {
        this.engine = new DnsEngine(DEFAULTS, executor, rejects, System::nanoTime);
        apply(config);
        LOG.info("DNS discovery active: {}", describe(engine.settings()));
    }

    @Modified
    void modified(DnsConfig config) {
        apply(config);
    }

    private void apply(DnsConfig config) {
        DnsSettings settings;
        try {
            settings = DnsSettings.from(config);
        } catch (IllegalArgumentException e) {
            configError = e.getMessage();
            LOG.error("Refused DNS discovery configuration, keeping the previous one: {}", e.getMessage());
            return;
        }
        configError = null;
        Optional<SelfAnnouncer> old = announcer;
        engine = new DnsEngine(settings, executor, rejects, System::nanoTime);
        announcer = settings.update().map(u -> new SelfAnnouncer(settings, u, executor));
        announceState = announcer.isPresent() ? "configured, not announced yet"
                : "off: no update_server and TSIG key configured, nothing is published";
        addressOnly.clear();
        health.clear();
        old.ifPresent(a -> a.withdraw().exceptionally(e -> {
            LOG.warn("Could not withdraw the previous announcement: {}", e.getMessage());
            return null;
        }));
    }

    /** The transport's host, when installed: address-only targets are dialled through it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindHost")
    void bindHost(Host h) {
        host.set(h);
        LOG.info("DNS discovery dials address-only targets through the transport host {}", h.peerId());
    }

    void unbindHost(Host h) {
        if (host.compareAndSet(h, null)) {
            LOG.info("Transport host gone: address-only DNS targets are reported, not dialled");
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        dialer.close();
        try {
            withdraw().toCompletableFuture().get(engine.settings().timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Announcement not withdrawn on deactivate: {}", DnsFailures.unwrap(e).getMessage());
        }
        Shutdown.now(executor, "dns", Duration.ofSeconds(5));
        LOG.info("DNS discovery stopped");
    }

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public DiscoveryType type() {
        return DiscoveryType.DNS;
    }

    @Override
    public CompletionStage<Void> start(DiscoveryContext context) {
        this.context = context;
        active = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> stop() {
        active = false;
        return withdraw();
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public CompletionStage<List<PeerInfo>> discoverPeers() {
        if (!active) {
            return CompletableFuture.failedFuture(new DiscoveryException(Kind.DNS, "DNS discovery is not started"));
        }
        List<CompletableFuture<DomainResult>> lookups = engine.lookupAll();
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            Map<PeerId, PeerInfo> peers = new LinkedHashMap<>();
            DiscoveryException firstError = null;
            for (CompletableFuture<DomainResult> f : lookups) {
                DomainResult r = f.join();
                note(r);
                r.peers().forEach(p -> peers.merge(p.id(), p, SrvLookup::union));
                if (r.error().isPresent() && firstError == null) {
                    firstError = r.error().get();
                }
            }
            boolean allFailed = !lookups.isEmpty() && lookups.stream().allMatch(f -> f.join().error().isPresent());
            if (allFailed) {
                return CompletableFuture.failedFuture(firstError);
            }
            dialAddressOnly(lookups).forEach(p -> peers.merge(p.id(), p, SrvLookup::union));
            return CompletableFuture.completedFuture(List.copyOf(peers.values()));
        });
    }

    /**
     * Starts this round's dials of the address-only targets when a host is there; returns the proven targets the
     * host is connected to now. Targets proven by a dial are pushed through the coordinator's sink as they prove.
     */
    private List<PeerInfo> dialAddressOnly(List<CompletableFuture<DomainResult>> lookups) {
        Host h = host.get();
        DiscoveryContext ctx = context;
        if (h == null || ctx == null) {
            return List.of();
        }
        List<AddressOnlyTarget> targets = new ArrayList<>();
        lookups.forEach(f -> targets.addAll(f.join().addressOnly()));
        if (targets.isEmpty()) {
            return List.of();
        }
        return dialer.round(h, targets, engine.settings().timeout(), peer -> {
            if (active) {
                ctx.sink().peerFound(peer);
            }
        });
    }

    @Override
    public CompletionStage<Void> announceSelf(PeerInfo self) {
        Optional<SelfAnnouncer> a = announcer;
        if (a.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return a.get().publish(self).handle((records, e) -> {
            if (e != null) {
                DiscoveryException d = DnsFailures.of(e, "announce");
                announceState = "FAILED: " + d.getMessage();
                LOG.warn("DNS announce failed: {}", d.getMessage());
                throw new java.util.concurrent.CompletionException(d);
            }
            announceState = "published " + records.size() + " records via " + a.get();
            LOG.info("Announced {} in DNS ({} records)", self.id(), records.size());
            return null;
        });
    }

    private CompletionStage<Void> withdraw() {
        Optional<SelfAnnouncer> a = announcer;
        if (a.isEmpty() || a.get().published().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return a.get().withdraw().handle((v, e) -> {
            announceState = e == null ? "withdrawn" : "withdraw FAILED: " + DnsFailures.of(e, "withdraw").getMessage();
            return null;
        });
    }

    private void note(DomainResult r) {
        health.record(r);
        addressOnly.put(r.source() + " " + r.domain(), r.addressOnly());
    }

    /** One lookup for the shell: through the caches, bounded by dns_timeout, recorded like a round's. */
    CompletableFuture<DomainResult> lookup(DomainResult.Source source, Name domain) {
        return engine.lookup(source, domain).thenApply(r -> {
            note(r);
            return r;
        });
    }

    List<String> cache() {
        return engine.cacheLines();
    }

    int flush() {
        return engine.flush();
    }

    DnsEngine engineForTest() {
        return engine;
    }

    DnsSettings settings() {
        return engine.settings();
    }

    DnsStatus status() {
        DnsEngine e = engine;
        List<AddressOnlyTarget> ao = new ArrayList<>();
        addressOnly.values().forEach(ao::addAll);
        return new DnsStatus(active, describe(e.settings()), configError, health.snapshot(), ao,
                e.querier().queriesSent(), e.answers().hits(), e.answers().misses(), e.answers().size(),
                e.querier().recordsOverLimit(), rejects.counts(), rejects.recent(), announceState,
                host.get() != null, dialer.stats());
    }

    private static String describe(DnsSettings s) {
        return "domains=" + s.domains() + " dnsaddr_domains=" + s.dnsaddrDomains() + " resolvers="
                + ResolverFactory.describe(s.resolvers()) + " dns_timeout=" + s.timeout().toSeconds() + "s cache_ttl="
                + s.cacheTtl().toSeconds() + "s srv=_" + s.serviceName() + "._" + s.protocol()
                + s.update().map(u -> " update=" + u).orElse("");
    }
}
