package org.olocus.discovery.coordinator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dials what the mechanisms find, so that a discovered peer becomes a connected one and its claimed id is proven
 * (or disproved) by a handshake. Up to {@code target_connections} peers are kept connected, at most
 * {@code max_concurrent_dials} dialled at once, chosen by {@link DialPlan}.
 *
 * <p>A peer is dialled at each of its addresses in turn <em>without</em> its claimed id, so that whoever answers is
 * accepted and named by the handshake:
 * <ul>
 * <li>the claimed id answers: proven; the connection's events make it {@code CONNECTED} with that address proven;</li>
 * <li>another id answers: a false claim, counted against the mechanisms that reported it; the address is dropped
 * from the claimed peer and held back from it for {@link #REFUTED_KEEP}; the real peer is stored with it (through
 * the connection's events);</li>
 * <li>nobody answers: after {@code address_failures} failed dials in a row the address is dropped from the peer and
 * held back for {@link #UNREACHABLE_KEEP}; a peer none of whose addresses answered is marked {@code FAILED} and
 * retried after a doubling, jittered backoff ({@code dial_retry} up to {@code max_dial_retry}).</li>
 * </ul>
 * <p>A peer already proven is not taken at a mechanism's word either: a new address claimed for it is held back
 * from the store ({@link #admit}, the intake's claim gate) until a verifying dial at that address meets the peer;
 * the same is done for the other addresses of a peer once one of them proved it. A verifying connection to a peer
 * we were already connected to is closed again. So a forged claim about a known peer never reaches the store.
 * All state is owned by one thread ({@code olocus-coordinator-dialer}); the Host's futures hop back onto it.
 */
final class PeerDialer implements PeerListener, AutoCloseable {
    static final Duration REFUTED_KEEP = Duration.ofHours(1);
    static final Duration UNREACHABLE_KEEP = Duration.ofMinutes(10);
    /** Without a store event, look for work at least this often (peers out of backoff, connections lost). */
    static final Duration RESCAN = Duration.ofSeconds(5);
    /** How long a kick waits for more store events before it scans. */
    static final Duration KICK_GATHER = Duration.ofMillis(50);
    private static final int MAX_TRACKED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(PeerDialer.class);

    /** What the dialler does, from {@link CoordinatorSettings}. */
    record Settings(int targetConnections, int maxConcurrentDials, Duration retry, Duration maxRetry,
                    int addressFailures) {
    }

    /** Counters shown by {@code discovery:status}. */
    record Stats(int target, int connectedPeers, int inFlight, long dials, long peersDialled, long proven,
                 long unreachable, long falseClaims, long forgottenAddresses, int heldBack, long verified,
                 int verifying) {
        @Override
        public String toString() {
            return "target=" + target + " connected_peers=" + connectedPeers + " in_flight=" + inFlight + " dials="
                    + dials + " peers_dialled=" + peersDialled + " proven=" + proven + " unreachable=" + unreachable
                    + " false_claims=" + falseClaims + " forgotten_addresses=" + forgottenAddresses
                    + " held_back_claims=" + heldBack + " verified_addresses=" + verified + " verifying=" + verifying;
        }
    }

    /** A claim "peer is at address", by these mechanisms, waiting for a verifying dial. */
    private record Verification(PeerId peer, Multiaddr address, Set<DiscoveryType> sources) {
    }

    static final int MAX_VERIFICATIONS = 256;

    private record Claim(PeerId peer, Multiaddr address) {
    }

    private record Backoff(int failures, Instant retryAt) {
    }

    private final PeerIntake intake;
    private final AddressVerdicts verdicts;
    private final FalseClaims falseClaims;
    private final Supplier<Settings> settings;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean kicked = new AtomicBoolean();
    private volatile Host host;
    private volatile boolean closed;

    // Dialler thread only.
    private final Set<PeerId> inFlight = new HashSet<>();
    private final Map<PeerId, Backoff> backoff = new LinkedHashMap<>();
    private final Map<Claim, Integer> addressFailures = new LinkedHashMap<>();
    private final ArrayDeque<Verification> verifications = new ArrayDeque<>();
    private final Set<Claim> queuedVerifications = new HashSet<>();
    private int verifying;
    private Instant lastScan = Instant.MIN;
    private boolean dirty = true;

    private final AtomicLong dials = new AtomicLong();
    private final AtomicLong peersDialled = new AtomicLong();
    private final AtomicLong proven = new AtomicLong();
    private final AtomicLong unreachable = new AtomicLong();
    private final AtomicLong refuted = new AtomicLong();
    private final AtomicLong forgotten = new AtomicLong();
    private final AtomicLong verified = new AtomicLong();
    private volatile int pendingVerifications;
    private volatile int connectedPeers;
    private volatile int inFlightCount;

    PeerDialer(PeerIntake intake, AddressVerdicts verdicts, FalseClaims falseClaims, Supplier<Settings> settings,
               Clock clock, ScheduledExecutorService thread) {
        this.intake = intake;
        this.verdicts = verdicts;
        this.falseClaims = falseClaims;
        this.settings = settings;
        this.clock = clock;
        this.thread = thread;
        thread.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** The Host to dial through; null when the transport is gone (nothing is dialled then). */
    void host(Host newHost) {
        host = newHost;
        kick();
    }

    /** Looks for work soon (a peer arrived, a setting changed). Cheap and coalesced: callable from any thread. */
    void kick() {
        if (!closed && kicked.compareAndSet(false, true)) {
            try {
                // A short delay gathers a burst of store events (a round of hundreds of peers) into one scan of
                // the store instead of one scan per event.
                thread.schedule(() -> {
                    kicked.set(false);
                    dirty = true;
                    tick();
                }, KICK_GATHER.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                kicked.set(false); // shutting down
            }
        }
    }

    @Override
    public void peerAdded(PeerInfo peer) {
        if (!peer.isConnected()) {
            kick();
        }
    }

    @Override
    public void peerUpdated(PeerInfo before, PeerInfo after) {
        if (!after.isConnected() && (before.isConnected() || !before.addresses().equals(after.addresses()))) {
            kick();
        }
    }

    Stats stats() {
        return new Stats(settings.get().targetConnections(), connectedPeers, inFlightCount, dials.get(),
                peersDialled.get(), proven.get(), unreachable.get(), refuted.get(), forgotten.get(), verdicts.size(),
                verified.get(), pendingVerifications);
    }

    /**
     * The intake's claim gate (called on the store's thread): a report about a proven peer keeps only the addresses
     * already stored for it; the new ones our transport can dial are queued for a verifying dial and reach the
     * store only through the handshake that proves them. Unproven peers' reports pass as they are (everything about
     * them is a claim until the dialler proves it), and so does everything while the dialler cannot dial.
     */
    PeerInfo admit(PeerInfo report, PeerInfo stored) {
        if (stored == null || !stored.isProven() || host == null || closed
                || settings.get().targetConnections() == 0) {
            return report;
        }
        List<Multiaddr> fresh = DialPlan.dialable(report.addresses().stream()
                .filter(a -> !stored.addresses().contains(a)).toList());
        if (fresh.isEmpty()) {
            return report;
        }
        Set<DiscoveryType> sources = report.sources();
        onThread(() -> fresh.forEach(a -> queueVerification(new Verification(report.id(), a, sources))));
        kick();
        return report.withAddresses(report.addresses().stream().filter(a -> !fresh.contains(a)).toList());
    }

    @Override
    public void close() {
        closed = true;
        host = null;
    }

    // --- dialler thread -----------------------------------------------------------------------------------------

    private void tick() {
        try {
            Host h = host;
            if (h == null || closed) {
                return;
            }
            Settings s = settings.get();
            List<PeerConnection> open = h.connections();
            Set<PeerId> connected = new HashSet<>();
            open.forEach(c -> connected.add(c.remotePeer()));
            connectedPeers = connected.size();
            while (!verifications.isEmpty() && inFlight.size() + verifying < s.maxConcurrentDials()) {
                Verification v = verifications.poll();
                queuedVerifications.remove(new Claim(v.peer(), v.address()));
                pendingVerifications = verifications.size();
                verify(h, v, open);
            }
            int room = Math.min(s.maxConcurrentDials() - inFlight.size() - verifying,
                    s.targetConnections() - connected.size() - inFlight.size());
            Instant now = clock.instant();
            if (room <= 0 || (!dirty && now.isBefore(lastScan.plus(RESCAN)))) {
                return;
            }
            dirty = false;
            lastScan = now;
            List<DialPlan.Candidate> next = DialPlan.next(intake.store().all(), room, now,
                    id -> inFlight.contains(id) || connected.contains(id),
                    id -> Optional.ofNullable(backoff.get(id)).map(Backoff::retryAt).orElse(Instant.MIN),
                    verdicts::admissible);
            for (DialPlan.Candidate c : next) {
                inFlight.add(c.peer().id());
                inFlightCount = inFlight.size();
                peersDialled.incrementAndGet();
                tryAddress(h, c.peer(), c.addresses(), 0, open);
            }
        } catch (IllegalStateException e) {
            // no peer store bound yet: nothing to dial from
        } catch (RuntimeException e) {
            LOG.warn("Dialler round failed: {}", e.toString());
        }
    }

    private void tryAddress(Host h, PeerInfo peer, List<Multiaddr> addresses, int index, List<PeerConnection> open) {
        if (closed) {
            done(peer.id());
            return;
        }
        if (index == addresses.size()) {
            noAddressAnswered(peer);
            return;
        }
        Multiaddr address = addresses.get(index);
        // Already connected to whoever listens there (we dialled it before, for this or another claim)?
        for (PeerConnection c : open) {
            if (c.isOpen() && c.direction() == ConnectionDirection.OUTBOUND && c.remoteAddress().equals(address)) {
                answered(h, peer, addresses, index, c.remotePeer(), open);
                return;
            }
        }
        dials.incrementAndGet();
        h.connect(address).whenCompleteAsync((connection, error) -> {
            if (error != null) {
                addressFailed(peer, address, error);
                tryAddress(h, peer, addresses, index + 1, open);
            } else {
                answered(h, peer, addresses, index, connection.remotePeer(), open);
            }
        }, this::onThread);
    }

    private void answered(Host h, PeerInfo peer, List<Multiaddr> addresses, int index, PeerId who,
                          List<PeerConnection> open) {
        Multiaddr address = addresses.get(index);
        if (who.equals(peer.id())) {
            proven.incrementAndGet();
            verdicts.proven(peer.id(), address);
            backoff.remove(peer.id());
            addressFailures.keySet().removeIf(c -> c.peer().equals(peer.id()));
            // The other addresses it was claimed at are still claims: check them too.
            for (Multiaddr other : addresses.subList(index + 1, addresses.size())) {
                if (!peer.provenAddresses().contains(other)) {
                    queueVerification(new Verification(peer.id(), other, peer.sources()));
                }
            }
            done(peer.id());
            return;
        }
        falseClaim(peer.id(), address, who, peer.sources());
        tryAddress(h, peer, addresses, index + 1, open);
    }

    private void falseClaim(PeerId claimed, Multiaddr address, PeerId who, Set<DiscoveryType> sources) {
        boolean known = verdicts.verdict(claimed, address).map(v -> v.kind() == AddressVerdicts.Kind.REFUTED)
                .orElse(false);
        if (known) {
            return; // a second check of the same lie, started before the first ended: counted once
        }
        refuted.incrementAndGet();
        falseClaims.count(sources);
        verdicts.refuted(claimed, address, who, REFUTED_KEEP);
        intake.forgetAddresses(claimed, List.of(address));
        LOG.info("False claim: {} is not at {}; {} answered there (reported by {})", claimed, address, who, sources);
    }

    private void queueVerification(Verification v) {
        if (verifications.size() < MAX_VERIFICATIONS && queuedVerifications.add(new Claim(v.peer(), v.address()))) {
            verifications.add(v);
            pendingVerifications = verifications.size();
        }
    }

    /** One verifying dial: whoever answers at the address settles the claim; it is never stored unproven. */
    private void verify(Host h, Verification v, List<PeerConnection> open) {
        if (verdicts.verdict(v.peer(), v.address()).isPresent()) {
            return; // settled already
        }
        for (PeerConnection c : open) {
            if (c.isOpen() && c.direction() == ConnectionDirection.OUTBOUND && c.remoteAddress().equals(v.address())) {
                verified(h, v, c.remotePeer(), null);
                return;
            }
        }
        verifying++;
        dials.incrementAndGet();
        h.connect(v.address()).whenCompleteAsync((connection, error) -> {
            verifying--;
            if (error != null) {
                verdicts.unreachable(v.peer(), v.address(), UNREACHABLE_KEEP);
                intake.forgetAddresses(v.peer(), List.of(v.address()));
                LOG.debug("Claim {} at {} not verified: {}", v.peer(), v.address(), error.toString());
            } else {
                verified(h, v, connection.remotePeer(), connection);
            }
            dirty = true;
        }, this::onThread);
    }

    private void verified(Host h, Verification v, PeerId who, PeerConnection opened) {
        if (!who.equals(v.peer())) {
            falseClaim(v.peer(), v.address(), who, v.sources());
            return;
        }
        verified.incrementAndGet();
        verdicts.proven(v.peer(), v.address());
        // The handshake's events stored the address as proven. A second connection was only for the check.
        if (opened != null && h.connections().stream().anyMatch(c -> c != opened && c.isOpen()
                && c.remotePeer().equals(v.peer()))) {
            opened.close();
        }
    }

    private void addressFailed(PeerInfo peer, Multiaddr address, Throwable error) {
        Claim claim = new Claim(peer.id(), address);
        int failures = addressFailures.merge(claim, 1, Integer::sum);
        bound(addressFailures);
        LOG.debug("Dial of {} at {} failed ({} in a row): {}", peer.id(), address, failures, error.toString());
        if (failures >= settings.get().addressFailures()) {
            addressFailures.remove(claim);
            verdicts.unreachable(peer.id(), address, UNREACHABLE_KEEP);
            intake.forgetAddresses(peer.id(), List.of(address));
            forgotten.incrementAndGet();
            LOG.info("Forgot address {} of {}: {} dials failed in a row", address, peer.id(), failures);
        }
    }

    private void noAddressAnswered(PeerInfo peer) {
        unreachable.incrementAndGet();
        Settings s = settings.get();
        Backoff before = backoff.get(peer.id());
        int failures = before == null ? 1 : before.failures() + 1;
        backoff.put(peer.id(), new Backoff(failures, clock.instant().plus(retryDelay(s, failures))));
        bound(backoff);
        intake.markUnreachable(peer.id());
        done(peer.id());
    }

    /** {@code retry × 2^(failures-1)}, at most {@code maxRetry}, ±20 % so that many peers do not retry in step. */
    static Duration retryDelay(Settings s, int failures) {
        long base = s.retry().toMillis();
        long delay = failures >= 31 ? Long.MAX_VALUE : base << Math.max(0, failures - 1);
        if (delay <= 0 || delay > s.maxRetry().toMillis()) {
            delay = s.maxRetry().toMillis();
        }
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (delay * jitter));
    }

    private void done(PeerId peer) {
        inFlight.remove(peer);
        inFlightCount = inFlight.size();
        dirty = true;
    }

    private void onThread(Runnable task) {
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the coordinator is stopping: the dial's outcome no longer matters
        }
    }

    private static <K, V> void bound(Map<K, V> map) {
        Iterator<K> oldest = map.keySet().iterator();
        while (map.size() > MAX_TRACKED && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
