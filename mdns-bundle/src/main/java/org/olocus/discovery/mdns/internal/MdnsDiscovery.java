package org.olocus.discovery.mdns.internal;

import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.olocus.discovery.api.DiscoveryContext;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.support.internal.NamedThreadFactory;
import org.olocus.discovery.support.internal.Shutdown;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mdns} discovery mechanism: advertises our node and browses the LAN on every selected interface
 * address with JmDNS, pushing each peer to the coordinator the moment it is resolved and reporting it lost on a
 * goodbye or expiry.
 *
 * <p>The port we advertise is the configured {@code port}: there is no transport bundle yet whose listen port we
 * could take; when one exists, its port should replace this setting.
 */
@Component(service = {DiscoveryMechanism.class, MdnsDiscovery.class}, configurationPid = MdnsDiscovery.PID)
@Designate(ocd = MdnsConfig.class)
public final class MdnsDiscovery implements DiscoveryMechanism {
    public static final String PID = "org.olocus.discovery.mdns";
    private static final Logger LOG = LoggerFactory.getLogger(MdnsDiscovery.class);
    /** Goodbyes and expiries are checked this often (JmDNS itself only looks every 10 s). */
    private static final long SWEEP_MS = 500;
    /** How long stop waits for the scheduler and the resolver, each, after interrupting them. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final MdnsSettings settings;
    /** Written under this object's lock (start/stop); read without it by rounds, commands and announcements. */
    private volatile Running running;
    private volatile List<Multiaddr> announced = List.of();

    /** What exists only between start and stop. */
    private record Running(org.olocus.discovery.api.PeerId self, ServiceTracker tracker, LinkSet links,
                           ScheduledExecutorService scheduler, ExecutorService resolver, ExecutorService linkPool) {
    }

    @Activate
    public MdnsDiscovery(MdnsConfig config) {
        this(MdnsSettings.from(config));
    }

    public MdnsDiscovery(MdnsSettings settings) {
        this.settings = settings;
    }

    @Deactivate
    void deactivate() {
        long limit = settings.closeTimeout().toMillis() + 1000;
        try {
            stop().toCompletableFuture().get(limit, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("mDNS did not close within {} ms; its threads end in the background", limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("mDNS stop failed: {}", e.toString());
        }
    }

    @Override
    public String name() {
        return "mdns";
    }

    @Override
    public DiscoveryType type() {
        return DiscoveryType.MDNS;
    }

    @Override
    public synchronized CompletionStage<Void> start(DiscoveryContext context) {
        if (running != null) {
            return CompletableFuture.completedFuture(null);
        }
        int ttl = JmdnsTtl.apply(settings.ttlSeconds());
        if (ttl != settings.ttlSeconds()) {
            LOG.warn("mDNS ttl {} s configured but JmDNS already loaded with {} s: refresh the bundle to apply it",
                    settings.ttlSeconds(), ttl);
        }
        var self = context.localPeer().peerId();
        ServiceTracker tracker = new ServiceTracker(new ServiceDecoder(self, settings.serviceType()),
                settings.maxServices(), context.sink());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                new NamedThreadFactory("mdns"));
        // Bounded: a flood of services cannot queue unbounded work; what does not fit is dropped and counted.
        ExecutorService resolver = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.maxServices()), new NamedThreadFactory("mdns-resolve"),
                new ThreadPoolExecutor.AbortPolicy());
        ExecutorService linkPool = Executors.newCachedThreadPool(new NamedThreadFactory("mdns-link"));
        LinkSet links = new LinkSet(settings, tracker, resolver, linkPool, self, () -> announced);
        Running r = new Running(self, tracker, links, scheduler, resolver, linkPool);
        running = r;
        CompletableFuture<Void> firstRound = new CompletableFuture<>();
        scheduler.execute(() -> pollInterfaces(r).whenComplete((v, e) -> firstRound.complete(null)));
        scheduler.scheduleWithFixedDelay(() -> pollInterfaces(r), settings.interfacePoll().toMillis(),
                settings.interfacePoll().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> sweep(r), SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        LOG.info("mDNS started as {} on {} (types {})", self,
                settings.interfaces().isEmpty() ? "all interfaces" : settings.interfaces(), settings.serviceTypes());
        return firstRound;
    }

    private CompletableFuture<Void> pollInterfaces(Running r) {
        try {
            return r.links().reconcile(InterfaceSelector.select(InterfaceSelector.current(), settings.interfaces()));
        } catch (SocketException | RuntimeException e) {
            LOG.warn("Reading network interfaces failed: {}", e.toString());
            return CompletableFuture.completedFuture(null);
        }
    }

    private static void sweep(Running r) {
        try {
            r.links().sweep();
        } catch (RuntimeException e) {
            LOG.warn("mDNS sweep failed: {}", e.toString());
        }
    }

    @Override
    public synchronized CompletionStage<Void> stop() {
        Running r = running;
        running = null;
        if (r == null) {
            return CompletableFuture.completedFuture(null);
        }
        r.scheduler().shutdownNow();
        r.resolver().shutdownNow();
        CompletableFuture<Void> closed = r.links().closeAll()
                .orTimeout(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((v, e) -> {
                    if (e != null) {
                        LOG.warn("mDNS links did not close within {}", settings.closeTimeout());
                    }
                    return null;
                });
        return closed.thenRunAsync(() -> {
            r.linkPool().shutdown();
            Shutdown.await(r.scheduler(), STOP_WAIT);
            Shutdown.await(r.resolver(), STOP_WAIT);
            LOG.info("mDNS stopped");
        }, runnable -> {
            Thread t = new NamedThreadFactory("mdns-stop").newThread(runnable);
            t.start();
        });
    }

    @Override
    public CompletionStage<List<PeerInfo>> discoverPeers() {
        Running r = running;
        return CompletableFuture.completedFuture(r == null ? List.of() : r.tracker().peers(settings.maxPeersPerRound()));
    }

    @Override
    public CompletionStage<Void> announceSelf(PeerInfo self) {
        announced = self.addresses();
        Running r = running;
        if (r != null) {
            r.links().advertiseAll();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isActive() {
        return running != null;
    }

    /** What is seen now, per link. */
    public Map<String, List<ServiceTracker.Seen>> services() {
        Map<String, List<ServiceTracker.Seen>> out = new TreeMap<>();
        Running r = running;
        if (r != null) {
            for (ServiceTracker.Seen s : r.tracker().services()) {
                out.computeIfAbsent(s.link().key(), k -> new java.util.ArrayList<>()).add(s);
            }
        }
        return out;
    }

    /** Re-sends our records and re-queries on every link; returns how many services were announced. */
    public int announceNow() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("mDNS is not started (no coordinator has started it)");
        }
        return r.links().announceNow();
    }

    public MdnsStatus status() {
        Running r = running;
        if (r == null) {
            return new MdnsStatus(false, "-", settings, List.of(), 0, 0, null, 0, JmdnsTtl.inForce());
        }
        return new MdnsStatus(true, r.self().toString(), settings, r.links().status(), r.tracker().size(),
                r.tracker().peers(Integer.MAX_VALUE).size(), r.tracker().counters(), r.links().openFailures(),
                JmdnsTtl.inForce());
    }

    MdnsSettings settings() {
        return settings;
    }
}
