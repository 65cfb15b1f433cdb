package org.olocus.discovery.dns.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.MultiaddrProtocol;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dials the hosts DNS lists without a peer id, so the Noise handshake proves who they are (DNS alone never gives
 * a peer an id). Each round it starts at most {@value #MAX_PARALLEL} dials at a time (a target's addresses are
 * tried in order, all within the round's timeout), least recently tried targets first, and skips addresses in
 * backoff: an address that failed is not dialled for the next 1, 2, 4… rounds (at most {@value #MAX_BACKOFF_ROUNDS})
 * after its 1st, 2nd, 3rd… consecutive failure, so never in the round right after it failed.
 *
 * <p>A proven target becomes a peer with the proven id and the target's addresses, handed to {@code onProven}
 * the moment its handshake completes. Later rounds dial it as {@code <address>/p2p/<id>} (the host reuses its open
 * connection and refuses another id), and report it at once without dialling while the host holds a connection to
 * it. Only TCP to literal IPv4/IPv6 addresses is dialled: that is what the transport speaks.
 */
final class TargetDialer implements AutoCloseable {
    static final int MAX_PARALLEL = 8;
    static final int MAX_BACKOFF_ROUNDS = 16;
    /** Addresses remembered (ids proven, failures); the least recently tried are forgotten beyond it. */
    static final int MAX_REMEMBERED = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(TargetDialer.class);

    private final Executor executor;
    private final LongSupplier nanoClock;
    /** Guards the maps and the round counter; completions arrive on other threads. */
    private final Object lock = new Object();
    private final Map<Multiaddr, AddressState> addresses = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();
    private long round;
    private final AtomicLong dialled = new AtomicLong();
    private final AtomicLong proven = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong backedOff = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private volatile boolean closed;

    /** What is known of one address. */
    private static final class AddressState {
        PeerId provenId;
        String target = "";
        int failures;
        long failedRound = Long.MIN_VALUE;
        long lastTriedRound = Long.MIN_VALUE;
    }

    /**
     * Counters for {@code dns:status}.
     *
     * @param dialled   connection attempts started
     * @param proven    attempts whose handshake proved an id
     * @param failed    attempts that failed or timed out
     * @param backedOff targets skipped in a round because every address was in backoff
     * @param deferred  targets left for a later round because {@value #MAX_PARALLEL} dials were running
     * @param inFlight  targets being dialled now
     * @param provenIds address → proven id, one line each
     */
    record Stats(long dialled, long proven, long failed, long backedOff, long deferred, int inFlight,
                 List<String> provenIds) {
        @Override
        public String toString() {
            return "dialled=" + dialled + " proven=" + proven + " failed=" + failed + " backed_off=" + backedOff
                    + " deferred=" + deferred + " in_flight=" + inFlight;
        }
    }

    private record Plan(AddressOnlyTarget target, List<Multiaddr> candidates, long lastTried) {
    }

    TargetDialer(Executor executor, LongSupplier nanoClock) {
        // A completion arriving after deactivation (the executor is shut down) is dropped, not thrown into the
        // transport thread that completed the dial.
        this.executor = task -> {
            try {
                executor.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("DNS dial completion dropped: the component is stopping");
            }
        };
        this.nanoClock = nanoClock;
    }

    /**
     * Starts one round of dials through {@code host}. Returns at once with the targets already proven whose peer
     * the host is connected to; newly proven ones go to {@code onProven} (on a thread of the executor).
     */
    List<PeerInfo> round(Host host, List<AddressOnlyTarget> targets, Duration timeout, Consumer<PeerInfo> onProven) {
        List<PeerInfo> connected = new ArrayList<>();
        List<Plan> plans = new ArrayList<>();
        long thisRound;
        synchronized (lock) {
            thisRound = ++round;
            Set<String> seen = new HashSet<>();
            for (AddressOnlyTarget t : targets) {
                List<Multiaddr> dialable = t.addresses().stream().filter(TargetDialer::isDialable).toList();
                if (dialable.isEmpty() || !seen.add(t.target()) || inFlight.contains(t.target())) {
                    continue;
                }
                PeerId held = connectedId(host, dialable);
                if (held != null) {
                    connected.add(PeerInfo.discovered(held, t.addresses(), DiscoveryType.DNS));
                    continue;
                }
                List<Multiaddr> candidates = dialable.stream().filter(a -> !inBackoff(a, thisRound)).toList();
                if (candidates.isEmpty()) {
                    backedOff.incrementAndGet();
                    continue;
                }
                long lastTried = candidates.stream().mapToLong(a -> state(a).lastTriedRound).min().orElseThrow();
                plans.add(new Plan(t, candidates, lastTried));
            }
            plans.sort(Comparator.comparingLong(Plan::lastTried));
            int free = Math.max(0, MAX_PARALLEL - inFlight.size());
            if (plans.size() > free) {
                deferred.addAndGet(plans.size() - free);
                plans = new ArrayList<>(plans.subList(0, free));
            }
            for (Plan p : plans) {
                inFlight.add(p.target().target());
                p.candidates().forEach(a -> {
                    AddressState s = state(a);
                    s.lastTriedRound = thisRound;
                    s.target = p.target().target();
                });
            }
            forgetBeyondBound();
        }
        long deadline = nanoClock.getAsLong() + timeout.toNanos();
        for (Plan p : plans) {
            CompletableFuture<Void> dial = tryFrom(host, p, 0, deadline, thisRound, onProven);
            running.add(dial);
            dial.whenComplete((v, e) -> {
                running.remove(dial);
                synchronized (lock) {
                    inFlight.remove(p.target().target());
                }
            });
        }
        return connected;
    }

    /** Tries {@code p}'s addresses from {@code index} on, one after the other, until one proves an id. */
    private CompletableFuture<Void> tryFrom(Host host, Plan p, int index, long deadline, long thisRound,
                                            Consumer<PeerInfo> onProven) {
        Multiaddr address = p.candidates().get(index);
        PeerId known;
        synchronized (lock) {
            known = state(address).provenId;
        }
        long remaining = deadline - nanoClock.getAsLong();
        CompletableFuture<PeerConnection> attempt;
        if (closed || remaining <= 0) {
            attempt = CompletableFuture.failedFuture(new java.util.concurrent.TimeoutException(
                    "no time left in this round"));
        } else {
            dialled.incrementAndGet();
            try {
                attempt = host.connect(known == null ? address : address.withPeerId(known)).toCompletableFuture()
                        .orTimeout(remaining, TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                attempt = CompletableFuture.failedFuture(e);
            }
        }
        return attempt.handleAsync((connection, e) -> {
            if (e == null) {
                proved(p.target(), address, connection.remotePeer(), onProven);
                return CompletableFuture.<Void>completedFuture(null);
            }
            failedAt(p.target(), address, known, e, thisRound);
            if (index + 1 < p.candidates().size() && !closed) {
                return tryFrom(host, p, index + 1, deadline, thisRound, onProven);
            }
            return CompletableFuture.<Void>completedFuture(null);
        }, executor).thenCompose(f -> f);
    }

    private void proved(AddressOnlyTarget target, Multiaddr address, PeerId id, Consumer<PeerInfo> onProven) {
        PeerId before;
        synchronized (lock) {
            AddressState s = state(address);
            before = s.provenId;
            s.provenId = id;
            s.failures = 0;
        }
        proven.incrementAndGet();
        if (!id.equals(before)) {
            LOG.info("DNS target {} proved to be {} at {}", target.target(), id, address);
        }
        try {
            onProven.accept(PeerInfo.discovered(id, target.addresses(), DiscoveryType.DNS));
        } catch (RuntimeException e) {
            LOG.warn("Could not hand over the peer proven at {}: {}", address, e.toString());
        }
    }

    private void failedAt(AddressOnlyTarget target, Multiaddr address, PeerId known, Throwable e, long thisRound) {
        failed.incrementAndGet();
        synchronized (lock) {
            AddressState s = state(address);
            s.failures++;
            s.failedRound = thisRound;
            if (known != null) {
                s.provenId = null; // it must prove itself again: another id, or nobody, answers there now
            }
        }
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        LOG.debug("Dial of DNS target {} at {} failed: {}", target.target(), address, cause.toString());
    }

    private boolean inBackoff(Multiaddr address, long thisRound) {
        AddressState s = addresses.get(address);
        if (s == null || s.failures == 0) {
            return false;
        }
        long wait = Math.min(MAX_BACKOFF_ROUNDS, 1L << Math.min(30, s.failures - 1));
        return thisRound - s.failedRound <= wait;
    }

    private PeerId connectedId(Host host, List<Multiaddr> dialable) {
        for (Multiaddr a : dialable) {
            AddressState s = addresses.get(a);
            if (s != null && s.provenId != null && host.connection(s.provenId).isPresent()) {
                return s.provenId;
            }
        }
        return null;
    }

    private AddressState state(Multiaddr address) {
        return addresses.computeIfAbsent(address, a -> new AddressState());
    }

    private void forgetBeyondBound() {
        if (addresses.size() <= MAX_REMEMBERED) {
            return;
        }
        List<Map.Entry<Multiaddr, AddressState>> oldest = new ArrayList<>(addresses.entrySet());
        oldest.sort(Comparator.comparingLong(en -> en.getValue().lastTriedRound));
        oldest.subList(0, addresses.size() - MAX_REMEMBERED).forEach(en -> addresses.remove(en.getKey()));
    }

    /** Only TCP to a literal, specific unicast IP: what the transport dials. */
    static boolean isDialable(Multiaddr address) {
        List<Multiaddr.Component> cs = address.components();
        if (cs.size() != 2 || cs.get(1).protocol() != MultiaddrProtocol.TCP || cs.get(1).valueText().equals("0")) {
            return false;
        }
        MultiaddrProtocol p = cs.get(0).protocol();
        if (p != MultiaddrProtocol.IP4 && p != MultiaddrProtocol.IP6) {
            return false;
        }
        try {
            InetAddress ip = InetAddress.getByAddress(cs.get(0).value());
            return !ip.isAnyLocalAddress() && !ip.isMulticastAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    Stats stats() {
        List<String> ids = new ArrayList<>();
        int flying;
        synchronized (lock) {
            addresses.forEach((a, s) -> {
                if (s.provenId != null) {
                    ids.add(s.target + " " + a + " is " + s.provenId);
                }
            });
            flying = inFlight.size();
        }
        ids.sort(null);
        return new Stats(dialled.get(), proven.get(), failed.get(), backedOff.get(), deferred.get(), flying, ids);
    }

    /** Stops following running dials (the host's own attempts end by its dial timeout). */
    @Override
    public void close() {
        closed = true;
        running.forEach(f -> f.cancel(false));
        running.clear();
    }
}
