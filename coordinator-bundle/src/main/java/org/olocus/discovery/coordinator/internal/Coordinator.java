package org.olocus.discovery.coordinator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.api.PeerListener;
import org.olocus.discovery.api.PeerStore;
import org.olocus.discovery.api.StoreUpdate;
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

/**
 * The spec's {@code MultiDiscovery} as a component: follows {@link DiscoveryMechanism} services as they come and
 * go, runs each on its own {@link MechanismRunner}, and routes what they find through the {@link PeerIntake} into
 * the highest-ranked {@link PeerStore}; the transport's connection events reach the same intake through the
 * {@link ConnectionTracker}. With a {@link Host} it announces what really listens ({@link OwnAddresses}, re-announced
 * whenever that changes) and dials what the mechanisms find ({@link PeerDialer}), so claimed ids get proven.
 * Configuration changes apply live; a bad one is refused and reported.
 */
@Component(service = Coordinator.class, configurationPid = Coordinator.PID, immediate = true)
@Designate(ocd = CoordinatorConfig.class)
public final class Coordinator {
    static final String PID = "org.olocus.discovery.coordinator";
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final LocalPeer localPeer;
    private final ListenerDispatcher listeners = new ListenerDispatcher();
    private final PeerIntake intake;
    private final ConnectionTracker connections;
    private final Map<DiscoveryMechanism, MechanismRunner> runners = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("coordinator-timer"));
    private final ScheduledExecutorService dialerThread =
            Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("coordinator-dialer"));
    private final AddressVerdicts verdicts = new AddressVerdicts(Clock.systemUTC());
    private final FalseClaims falseClaims = new FalseClaims();
    private final OwnAddresses ownAddresses = new OwnAddresses(new ObservedAddresses(Clock.systemUTC()));
    private final PeerDialer dialer;
    private volatile List<Multiaddr> announced = List.of();
    private final Instant startedAt = Instant.now();
    private volatile CoordinatorSettings settings;
    private volatile String configError;
    private volatile boolean closed;
    private ScheduledFuture<?> discoveryTask;
    private ScheduledFuture<?> refreshTask;
    private ScheduledFuture<?> addressTask;

    @Activate
    public Coordinator(@Reference LocalPeer localPeer, CoordinatorConfig config) {
        this.localPeer = localPeer;
        this.intake = new PeerIntake(localPeer.peerId(), listeners);
        this.connections = new ConnectionTracker(intake, ownAddresses.observed(), this::ownAddressesMayHaveChanged);
        this.settings = CoordinatorSettings.DEFAULTS;
        this.dialer = new PeerDialer(intake, verdicts, falseClaims, () -> settings.dialer(), Clock.systemUTC(),
                dialerThread);
        listeners.addListener(dialer);
        intake.claimGate(dialer::admit);
        scheduleReconciliation();
        applyConfig(config);
        LOG.info("Coordinator active for {}", localPeer.peerId());
    }

    @Modified
    void modified(CoordinatorConfig config) {
        applyConfig(config);
    }

    @Deactivate
    void deactivate() {
        closed = true;
        dialer.close();
        Shutdown.now(dialerThread, "coordinator-dialer", Duration.ofSeconds(5));
        Shutdown.now(timer, "coordinator-timer", Duration.ofSeconds(5));
        runners.values().forEach(MechanismRunner::stop);
        runners.clear();
        intake.close();
        listeners.close();
        LOG.info("Coordinator stopped");
    }

    // --- references -------------------------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindPeerStore", updated = "updatedPeerStore")
    void bindPeerStore(PeerStore store, Map<String, Object> properties) {
        offerStore(store, properties);
    }

    void updatedPeerStore(PeerStore store, Map<String, Object> properties) {
        offerStore(store, properties);
    }

    void unbindPeerStore(PeerStore store) {
        if (closed) {
            return;
        }
        try {
            intake.storeLeaving(store);
        } catch (DiscoveryException e) {
            LOG.error("Could not hand peers over from a leaving store: {}", e.getMessage());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindMechanism")
    void bindMechanism(DiscoveryMechanism mechanism) {
        if (closed) {
            return;
        }
        MechanismRunner runner = new MechanismRunner(mechanism, intake, () -> settings, verdicts, falseClaims);
        if (runners.putIfAbsent(mechanism, runner) == null) {
            runner.start(localPeer, selfInfo());
        }
    }

    void unbindMechanism(DiscoveryMechanism mechanism) {
        MechanismRunner runner = runners.remove(mechanism);
        if (runner != null) {
            runner.stop();
        }
    }

    /** The transport's host, when it runs: what we listen on is what we announce, and dials go through it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindHost")
    void bindHost(Host host) {
        ownAddresses.host(host);
        dialer.host(host);
        ownAddressesMayHaveChanged();
    }

    void unbindHost(Host host) {
        if (ownAddresses.host() == host) {
            ownAddresses.host(null);
            dialer.host(null);
            ownAddressesMayHaveChanged();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindListener")
    void bindListener(PeerListener listener) {
        listeners.addListener(listener);
    }

    void unbindListener(PeerListener listener) {
        listeners.removeListener(listener);
    }

    // --- what the shell commands use ----------------------------------------------------------------------------

    LocalPeer localPeer() {
        return localPeer;
    }

    /** Where the {@link HostEventListener} sends the transport's connection events. */
    ConnectionTracker connectionTracker() {
        return connections;
    }

    List<PeerInfo> peers() {
        return intake.store().all();
    }

    Optional<PeerInfo> peer(PeerId id) {
        return intake.store().get(id);
    }

    List<PeerInfo> closest(byte[] kadKey, int count) {
        return intake.store().closest(kadKey, count);
    }

    List<MechanismStatus> mechanisms() {
        List<MechanismStatus> out = new ArrayList<>();
        runners.values().forEach(r -> out.add(r.status()));
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** Runs a round now on every mechanism, or on those named {@code name}; completes when all are done. */
    CompletableFuture<Map<String, Integer>> discoverNow(String name) {
        Map<String, Integer> results = new ConcurrentHashMap<>();
        List<CompletableFuture<Integer>> rounds = new ArrayList<>();
        for (MechanismRunner r : runners.values()) {
            if (name == null || r.name().equals(name)) {
                rounds.add(r.runRound().whenComplete((n, e) -> results.put(r.name(), n == null ? 0 : n)));
            }
        }
        if (name != null && rounds.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no mechanism named " + name));
        }
        return CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new)).thenApply(v -> Map.copyOf(results));
    }

    StoreUpdate addManually(Multiaddr address) throws DiscoveryException {
        PeerInfo peer = PeerInfo.fromMultiaddr(address, DiscoveryType.MANUAL);
        return intake.addNow(peer);
    }

    Optional<PeerInfo> remove(PeerId id) throws DiscoveryException {
        return intake.removeNow(id);
    }

    int expireNow() throws DiscoveryException {
        return intake.expire(Instant.now(), settings.peerTimeout());
    }

    CoordinatorStatus status() {
        PeerStore store;
        try {
            store = intake.store();
        } catch (IllegalStateException e) {
            store = null; // none bound yet, or the first hand-over is still under way: status still answers
        }
        PeerStore inUse = store;
        List<String> stores = intake.stores().stream()
                .map(r -> (r.store() == inUse ? "* " : "  ") + r.store().getClass().getSimpleName() + " ranking="
                        + r.ranking() + " " + r.store().describe())
                .toList();
        return new CoordinatorStatus(localPeer.peerId(), startedAt, settings, configError,
                store == null ? 0 : store.size(), store == null ? PeerLimits.DEFAULT : store.limits(), stores,
                intake.stats(), connections.stats(), listeners.dropped(), announced, dialer.stats(), mechanisms(),
                List.of());
    }

    // --- internals ----------------------------------------------------------------------------------------------

    private void offerStore(PeerStore store, Map<String, Object> properties) {
        if (closed) {
            return;
        }
        // Returns at once: the owner thread copies the peers over (seconds for a large persistent store).
        intake.storeOffered(store, properties).whenComplete((v, e) -> {
            if (e != null) {
                LOG.error("Could not switch to a new peer store: {}", e.getMessage());
            }
        });
    }

    /** What we announce: our id and the addresses that really reach us now. */
    private PeerInfo selfInfo() {
        List<Multiaddr> addresses = ownAddresses.current(settings.announceAddresses());
        Host host = ownAddresses.host();
        Set<String> protocols = Set.of();
        if (host != null) {
            try {
                protocols = host.protocols();
            } catch (RuntimeException e) {
                protocols = Set.of(); // a host going away: its unbind follows
            }
        }
        return new PeerInfo(localPeer.peerId(), addresses, protocols, Instant.now(), ConnectionStatus.CONNECTED,
                ConnectionDirection.NONE, 0, Set.of());
    }

    /**
     * Re-announces us through every mechanism when what we would announce differs from what we last announced
     * (the Host came or went, an interface changed, the config or a confirmed observed address). Serialized, so
     * two changes at once announce in order.
     */
    private synchronized void ownAddressesMayHaveChanged() {
        if (closed) {
            return;
        }
        PeerInfo self = selfInfo();
        if (self.addresses().equals(announced)) {
            return;
        }
        LOG.info("Announcing our addresses {} (were {})", self.addresses(), announced);
        announced = self.addresses();
        runners.values().forEach(r -> r.announce(self));
    }

    private synchronized void applyConfig(CoordinatorConfig config) {
        CoordinatorSettings next;
        try {
            next = CoordinatorSettings.from(config);
        } catch (IllegalArgumentException e) {
            configError = "configuration " + PID + " refused, keeping the last good values: " + e.getMessage();
            LOG.error(configError);
            if (discoveryTask == null) {
                schedule(settings);
            }
            return;
        }
        CoordinatorSettings previous = settings;
        settings = next;
        configError = null;
        if (discoveryTask == null || !previous.discoveryInterval().equals(next.discoveryInterval())
                || !previous.refreshInterval().equals(next.refreshInterval())
                || !previous.addressPoll().equals(next.addressPoll())) {
            schedule(next);
        }
        if (!previous.announceAddresses().equals(next.announceAddresses())) {
            ownAddressesMayHaveChanged();
        }
        if (!previous.dialer().equals(next.dialer())) {
            dialer.kick();
        }
        LOG.info("Coordinator configuration: {}", next);
    }

    private void schedule(CoordinatorSettings s) {
        if (discoveryTask != null) {
            discoveryTask.cancel(false);
            refreshTask.cancel(false);
            addressTask.cancel(false);
        }
        long every = s.discoveryInterval().toMillis();
        discoveryTask = timer.scheduleAtFixedRate(() -> runners.values().forEach(MechanismRunner::runRound),
                every, every, TimeUnit.MILLISECONDS);
        long refresh = s.refreshInterval().toMillis();
        refreshTask = timer.scheduleAtFixedRate(this::refresh, refresh, refresh, TimeUnit.MILLISECONDS);
        long poll = s.addressPoll().toMillis();
        addressTask = timer.scheduleWithFixedDelay(this::pollOwnAddresses, poll, poll, TimeUnit.MILLISECONDS);
    }

    /** A lost connection event must not leave a peer connected (and so never expired) for good. */
    private void scheduleReconciliation() {
        long every = ConnectionTracker.RECONCILE_EVERY.toMillis();
        timer.scheduleWithFixedDelay(connections::reconcile, every, every, TimeUnit.MILLISECONDS);
    }

    private void pollOwnAddresses() {
        try {
            ownAddressesMayHaveChanged();
        } catch (RuntimeException e) {
            LOG.warn("Checking our own addresses failed: {}", e.toString());
        }
    }

    private void refresh() {
        try {
            expireNow();
        } catch (DiscoveryException | RuntimeException e) {
            LOG.warn("Peer refresh failed: {}", e.getMessage());
        }
    }
}
