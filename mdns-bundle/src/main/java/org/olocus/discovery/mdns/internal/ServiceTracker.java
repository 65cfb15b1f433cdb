package org.olocus.discovery.mdns.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every service we currently see, per link, bounded by {@code max_services}. A peer is pushed to the sink the
 * moment one of its services is decoded (or its addresses change), and reported lost when its last service goes
 * (goodbye, expiry, or the link vanished). Services that do not decode are counted by reason and change nothing
 * already tracked.
 */
final class ServiceTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceTracker.class);

    /** One service seen on one link. */
    record Seen(String key, LinkAddress link, String serviceType, String instanceName, PeerInfo peer,
                Instant since) {
        @Override
        public String toString() {
            return link.key() + " " + instanceName + "." + serviceType + " → " + peer.id() + " " + peer.addresses();
        }
    }

    /** Counters shown by {@code mdns:status}. */
    record Counters(long resolved, long pushed, long lost, long overLimit, long self,
                    Map<ServiceDecoder.Outcome.Kind, Long> rejected, String lastRejection) {
    }

    private final ServiceDecoder decoder;
    private final int maxServices;
    private final Map<String, Seen> services = new LinkedHashMap<>();
    private final Map<ServiceDecoder.Outcome.Kind, AtomicLong> rejected = new EnumMap<>(ServiceDecoder.Outcome.Kind.class);
    private final AtomicLong resolved = new AtomicLong();
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong overLimit = new AtomicLong();
    private volatile String lastRejection = "";
    private final PeerSink sink;

    ServiceTracker(ServiceDecoder decoder, int maxServices, PeerSink sink) {
        this.decoder = decoder;
        this.maxServices = maxServices;
        this.sink = sink;
        for (ServiceDecoder.Outcome.Kind k : ServiceDecoder.Outcome.Kind.values()) {
            rejected.put(k, new AtomicLong());
        }
    }

    static String key(LinkAddress link, String type, String instanceName) {
        return link.key() + " " + instanceName + "." + type.toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether a service with this key is tracked or could be: used to skip resolving what a flood adds. */
    synchronized boolean hasRoom(String key) {
        return services.containsKey(key) || services.size() < maxServices;
    }

    synchronized boolean isTracked(String key) {
        return services.containsKey(key);
    }

    void countOverLimit() {
        overLimit.incrementAndGet();
    }

    /** A service was resolved (or re-announced) on a link. */
    void resolved(ResolvedService s) {
        resolved.incrementAndGet();
        ServiceDecoder.Outcome outcome = decoder.decode(s);
        if (outcome.kind() != ServiceDecoder.Outcome.Kind.PEER) {
            rejected.get(outcome.kind()).incrementAndGet();
            if (outcome.kind() != ServiceDecoder.Outcome.Kind.SELF) {
                lastRejection = outcome.reason();
                LOG.debug("Ignored mDNS service: {}", outcome.reason());
            }
            return;
        }
        String key = key(s.link(), s.serviceType(), s.instanceName());
        PeerInfo peer = outcome.peer();
        PeerInfo toPush;
        PeerId replaced = null;
        synchronized (this) {
            Seen old = services.get(key);
            if (old == null && services.size() >= maxServices) {
                overLimit.incrementAndGet();
                return;
            }
            services.put(key, new Seen(key, s.link(), s.serviceType(), s.instanceName(), peer,
                    old == null ? Instant.now() : old.since()));
            if (old != null && old.peer().id().equals(peer.id())
                    && old.peer().addresses().equals(peer.addresses())) {
                return;
            }
            if (old != null && !old.peer().id().equals(peer.id()) && !tracksPeer(old.peer().id())) {
                replaced = old.peer().id();
            }
            toPush = merged(peer.id());
        }
        if (replaced != null) {
            lost(replaced);
        }
        pushed.incrementAndGet();
        if (sink != null) {
            sink.peerFound(toPush);
        }
    }

    /** A service left (goodbye or expiry). */
    void removed(String key) {
        removeWhere(seen -> seen.key().equals(key));
    }

    /** A link vanished: everything heard on it is gone. */
    void linkClosed(LinkAddress link) {
        removeWhere(seen -> seen.link().key().equals(link.key()));
    }

    private void removeWhere(Predicate<Seen> which) {
        Set<PeerId> gone = new LinkedHashSet<>();
        synchronized (this) {
            List<Seen> removed = services.values().stream().filter(which).toList();
            for (Seen s : removed) {
                services.remove(s.key());
            }
            for (Seen s : removed) {
                if (!tracksPeer(s.peer().id())) {
                    gone.add(s.peer().id());
                }
            }
        }
        gone.forEach(this::lost);
    }

    private void lost(PeerId id) {
        lost.incrementAndGet();
        if (sink != null) {
            sink.peerLost(id);
        }
    }

    private boolean tracksPeer(PeerId id) {
        return services.values().stream().anyMatch(s -> s.peer().id().equals(id));
    }

    /** One peer with the addresses of all its services, newest sighting first. */
    private PeerInfo merged(PeerId id) {
        PeerInfo base = null;
        Set<Multiaddr> addresses = new LinkedHashSet<>();
        Set<String> protocols = new LinkedHashSet<>();
        for (Seen s : services.values()) {
            if (s.peer().id().equals(id)) {
                base = base == null ? s.peer() : base;
                addresses.addAll(s.peer().addresses());
                protocols.addAll(s.peer().protocols());
            }
        }
        return base.withAddresses(addresses.stream().limit(ServiceDecoder.MAX_ADDRESSES).toList())
                .withProtocols(protocols).withLastSeen(Instant.now());
    }

    /** The peers seen now, one entry per peer, at most {@code max}. */
    synchronized List<PeerInfo> peers(int max) {
        Set<PeerId> ids = new LinkedHashSet<>();
        for (Seen s : services.values()) {
            ids.add(s.peer().id());
        }
        return ids.stream().limit(max).map(this::merged).toList();
    }

    synchronized List<Seen> services() {
        return new ArrayList<>(services.values());
    }

    synchronized int size() {
        return services.size();
    }

    Counters counters() {
        Map<ServiceDecoder.Outcome.Kind, Long> r = new EnumMap<>(ServiceDecoder.Outcome.Kind.class);
        rejected.forEach((k, v) -> {
            if (k != ServiceDecoder.Outcome.Kind.PEER && k != ServiceDecoder.Outcome.Kind.SELF) {
                r.put(k, v.get());
            }
        });
        return new Counters(resolved.get(), pushed.get(), lost.get(), overLimit.get(),
                rejected.get(ServiceDecoder.Outcome.Kind.SELF).get(), r, lastRejection);
    }
}
