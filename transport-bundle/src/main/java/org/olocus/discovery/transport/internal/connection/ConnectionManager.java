package org.olocus.discovery.transport.internal.connection;

import java.net.InetAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;

/**
 * The connection manager of a {@link Libp2pHost}: in/out and per-peer limits, dial de-duplication and reuse, dial
 * backoff per address ({@link AddressBackoff}), the simultaneous-dial rule, water-mark pruning and the
 * pending-handshake bound. Called from any event loop and from callers' threads: every method holds the lock only
 * for bookkeeping and does its closing and future-completing after releasing it, so it never blocks an event loop
 * for long.
 *
 * <p>Simultaneous dials: when two connections to one peer exist in opposite directions, the one dialed by the peer
 * with the smaller id bytes is <em>preferred</em>; both sides compute this alike without talking, so both keep the
 * same connection. A connection in the other direction is superseded as soon as a preferred one is admitted: it
 * takes no new streams from the host and closes once its streams are done (or after the grace period). So that
 * every dial future ends with the connection that survives, a dial first waits for inbound handshakes from the
 * target's IP under way (one may be the peer dialling us), and a dial by the larger peer waits, before completing,
 * for inbound handshakes from that IP under way or starting within about one handshake's time ({@link DialCrossing}:
 * a handshake that proves another peer stops counting, and every such wait ends after the handshake timeout at the
 * latest, or when the host closes — many peers behind one IP delay dials, never hang them).
 */
final class ConnectionManager {
    /** How the manager took a newly upgraded connection. */
    enum Admission { ADMITTED, SUPERSEDED, REJECTED }

    /**
     * A dial in progress; every caller dialling the same target (the same expected peer, or none, at the same
     * address) shares {@code future}. A {@code fresh} dial (see {@link Libp2pHost#dialNew}) has a key of its own and
     * ends with its own connection.
     */
    record DialAttempt(Object key, PeerId expected, Multiaddr address, CompletableFuture<Libp2pConnection> future,
            boolean fresh) {
    }

    /**
     * What concurrent dials join on: dials of one peer at different addresses stay apart, so a dead address never
     * fails a dial of another (the per-peer limit and the simultaneous-dial rule sort out extra connections).
     */
    private record DialTarget(PeerId expected, Multiaddr address) {
    }

    private static final int MAX_REMEMBERED_ADDRESSES = 1024;

    private final PeerId local;
    private final ConnectionLimits limits;
    private final ConnectionCounters counters;
    private final DialCrossing crossing;
    private final AddressBackoff backoff;
    private final LongSupplier nanoClock;
    private final Map<Object, DialAttempt> dialing = new HashMap<>();
    private final Set<Libp2pConnection> all = new LinkedHashSet<>();
    private final Map<PeerId, List<Libp2pConnection>> byPeer = new HashMap<>();
    /** Which peer answered at an address dialed without {@code /p2p}. */
    private final Map<Multiaddr, PeerId> addressPeers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Multiaddr, PeerId> eldest) {
            return size() > MAX_REMEMBERED_ADDRESSES;
        }
    };
    private int inbound;
    private int outbound;
    private boolean closed;

    ConnectionManager(PeerId local, ConnectionLimits limits, ConnectionCounters counters) {
        this(local, limits, counters, System::nanoTime);
    }

    /** @param nanoClock the dial backoff's clock ({@link System#nanoTime()}; tests step their own) */
    ConnectionManager(PeerId local, ConnectionLimits limits, ConnectionCounters counters, LongSupplier nanoClock) {
        this.local = local;
        this.limits = limits;
        this.counters = counters;
        this.crossing = new DialCrossing(limits.maxPendingHandshakes());
        this.backoff = new AddressBackoff(limits.dialBackoff(), limits.maxDialBackoff());
        this.nanoClock = nanoClock;
    }

    // ---- dialling ----

    /**
     * Starts or joins a dial of {@code address} (with or without {@code /p2p}). Returns an attempt whose future is
     * already complete (reused connection, refusal) or a new attempt the caller must start ({@code isNew[0]}).
     */
    synchronized DialAttempt dial(Multiaddr address, boolean fresh, boolean[] isNew) {
        PeerId expected = address.peerId().orElse(null);
        Multiaddr bare = address.withoutPeerId();
        Object key = fresh ? new Object() : new DialTarget(expected, bare);
        CompletableFuture<Libp2pConnection> future = new CompletableFuture<>();
        DialAttempt done = new DialAttempt(key, expected, bare, future, fresh);
        if (closed) {
            future.completeExceptionally(new DialRefusedException("the host is closed"));
            return done;
        }
        if (fresh) {
            return admitDial(done, isNew);
        }
        PeerId known = expected != null ? expected : addressPeers.get(bare);
        Libp2pConnection open = known != null ? best(known) : null;
        if (open != null) {
            future.complete(open);
            return done;
        }
        DialAttempt joined = dialing.get(key);
        if (joined != null) {
            return joined;
        }
        DialBackoffException refused = backoff.refusal(bare, expected, nanoClock.getAsLong());
        if (refused != null) {
            counters.count(ConnectionCounters.Reason.BACKOFF);
            future.completeExceptionally(refused);
            return done;
        }
        return admitDial(done, isNew);
    }

    /** The outbound limit, then registration of a dial the caller starts. Lock held. */
    private DialAttempt admitDial(DialAttempt done, boolean[] isNew) {
        CompletableFuture<Libp2pConnection> future = done.future();
        if (outbound + dialing.size() >= limits.maxOutbound()) {
            counters.count(ConnectionCounters.Reason.OUTBOUND_LIMIT);
            future.completeExceptionally(new DialRefusedException("outbound connection limit of "
                    + limits.maxOutbound() + " reached (" + outbound + " open, " + dialing.size() + " dialling)"));
            return done;
        }
        dialing.put(done.key(), done);
        isNew[0] = true;
        return done;
    }

    /** A dial's connection came up (already admitted or refused by {@link #admit}) or failed. */
    void dialFinished(DialAttempt attempt, Libp2pConnection connection, Throwable error) {
        boolean hold = false;
        Libp2pConnection survivor = null;
        synchronized (this) {
            dialing.remove(attempt.key(), attempt);
            if (attempt.fresh()) {
                survivor = error == null && isLive(connection) ? connection : null;
            } else if (error != null) {
                backoff.failed(attempt.address(), error, nanoClock.getAsLong());
            } else {
                backoff.succeeded(attempt.address(), connection.remotePeer());
                if (attempt.expected() == null) {
                    addressPeers.put(attempt.address(), connection.remotePeer());
                }
                // We are the larger peer: the remote may be dialling us right now, and its connection would win.
                hold = isLive(connection) && !preferred(connection);
                survivor = best(connection.remotePeer());
            }
        }
        if (error != null) {
            attempt.future().completeExceptionally(error);
        } else if (attempt.fresh() && survivor == null) {
            attempt.future().completeExceptionally(new ConnectionShedException("the new connection to "
                    + connection.remotePeer() + " was closed by the connection rules (per-peer limit or "
                    + "simultaneous dial)"));
        } else if (!hold) {
            completeWith(attempt.future(), survivor, connection);
        } else {
            PeerId peer = connection.remotePeer();
            CompletableFuture<Libp2pConnection> future = attempt.future();
            crossing.afterDial(peer, connection, () -> completeWith(future, best(peer), connection));
        }
    }

    private static void completeWith(CompletableFuture<Libp2pConnection> future, Libp2pConnection survivor,
            Libp2pConnection own) {
        if (survivor != null) {
            future.complete(survivor);
        } else if (own.isOpen()) {
            future.complete(own);
        } else {
            future.completeExceptionally(new ClosedChannelException());
        }
    }

    // ---- pending handshakes ----

    /** An inbound connection started upgrading; sheds the oldest pending one beyond the limit. */
    void pendingStarted(ConnectionUpgrader upgrader) {
        ConnectionUpgrader shed = crossing.started(upgrader);
        if (shed != null) {
            shed.shed(ConnectionCounters.Reason.PENDING_SHED, "more than " + limits.maxPendingHandshakes()
                    + " handshakes pending: the oldest is closed");
            pendingEnded(shed);
        }
    }

    /** An inbound handshake proved its remote peer ({@link ConnectionUpgrader#provenRemote()}). */
    void pendingIdentified(ConnectionUpgrader upgrader) {
        crossing.identified(upgrader);
    }

    /** An inbound handshake ended without a connection (failed, timed out or shed); again does nothing. */
    void pendingEnded(ConnectionUpgrader upgrader) {
        crossing.ended(upgrader);
    }

    /** A listener is up: see {@link DialCrossing#listening}. */
    void listening(ScheduledExecutorService loop, Duration handshakeTimeout) {
        crossing.listening(loop, handshakeTimeout);
    }

    /**
     * Runs {@code then} once the inbound handshakes from {@code address} under way now that may be the peer of
     * {@code attempt}, dialling us, are over (see {@link DialCrossing#beforeDial}); at once if there are none.
     */
    void afterPendingFrom(DialAttempt attempt, InetAddress address, Runnable then) {
        PeerId peer;
        synchronized (this) {
            peer = attempt.expected() != null ? attempt.expected() : addressPeers.get(attempt.address());
        }
        crossing.beforeDial(peer, address, then);
    }

    /**
     * A dial that waited for crossing handshakes: if one of them proved the peer, the dial ends with that
     * connection and returns true; otherwise the caller connects.
     */
    boolean endWithExisting(DialAttempt attempt) {
        Libp2pConnection open;
        synchronized (this) {
            if (closed) { // released by the closing host
                dialing.remove(attempt.key(), attempt);
                attempt.future().completeExceptionally(new DialRefusedException("the host is closed"));
                return true;
            }
            PeerId known = attempt.expected() != null ? attempt.expected() : addressPeers.get(attempt.address());
            open = known != null ? best(known) : null;
            if (open == null) {
                return false;
            }
            dialing.remove(attempt.key(), attempt);
        }
        attempt.future().complete(open);
        return true;
    }

    int pendingHandshakes() {
        return crossing.pendingHandshakes();
    }

    /** Dials held for crossing handshakes right now. */
    int heldDials() {
        return crossing.heldDials();
    }

    /** Whether a just-accepted TCP connection may start upgrading; if not it is counted and must be closed. */
    boolean acceptInbound() {
        synchronized (this) {
            if (!closed && inbound < limits.maxInbound()) {
                return true;
            }
        }
        counters.count(ConnectionCounters.Reason.INBOUND_LIMIT);
        return false;
    }

    // ---- admission ----

    /**
     * Decides on a connection that finished its upgrade (an inbound one leaves the pending set). A superseded or
     * rejected connection is closed by this call (after its streams, for a superseded one).
     */
    Admission admit(ConnectionUpgrader upgrader, Libp2pConnection connection) {
        Admission admission;
        ConnectionCounters.Reason rejected = null;
        List<Libp2pConnection> losers = new ArrayList<>();
        List<Libp2pConnection> pruned = List.of();
        synchronized (this) {
            List<Libp2pConnection> peerConnections = byPeer.computeIfAbsent(connection.remotePeer(),
                    p -> new ArrayList<>());
            List<Libp2pConnection> live = peerConnections.stream().filter(this::isLive).toList();
            if (closed) {
                rejected = ConnectionCounters.Reason.IO_ERROR;
            } else if (!connection.isDialer() && inbound >= limits.maxInbound()) {
                rejected = ConnectionCounters.Reason.INBOUND_LIMIT;
            }
            boolean isPreferred = preferred(connection);
            if (rejected != null) {
                admission = Admission.REJECTED;
            } else if (!isPreferred && live.stream().anyMatch(this::preferred)) {
                admission = Admission.SUPERSEDED;
            } else {
                if (isPreferred) {
                    live.stream().filter(c -> !preferred(c)).forEach(losers::add);
                }
                if (live.size() - losers.size() >= limits.maxPerPeer()) {
                    rejected = ConnectionCounters.Reason.PER_PEER_LIMIT;
                    losers.clear();
                    admission = Admission.REJECTED;
                } else {
                    admission = Admission.ADMITTED;
                }
            }
            if (admission != Admission.REJECTED) {
                all.add(connection);
                peerConnections.add(connection);
                if (connection.isDialer()) {
                    outbound++;
                } else {
                    inbound++;
                }
                pruned = ConnectionPruning.victims(all, limits, System.nanoTime());
            } else if (peerConnections.isEmpty()) {
                byPeer.remove(connection.remotePeer());
            }
        }
        if (rejected != null) {
            connection.closeFor(rejected);
        }
        if (admission == Admission.SUPERSEDED) {
            connection.supersede();
        }
        losers.forEach(Libp2pConnection::supersede);
        pruned.forEach(c -> c.closeFor(ConnectionCounters.Reason.WATER_MARK));
        if (!connection.isDialer()) { // dials held for this handshake, or for its peer, may complete now
            crossing.upgraded(upgrader, connection.remotePeer(), admission != Admission.REJECTED);
        }
        return admission;
    }

    /** An admitted connection closed. */
    synchronized void removed(Libp2pConnection connection) {
        if (!all.remove(connection)) {
            return;
        }
        if (connection.isDialer()) {
            outbound--;
        } else {
            inbound--;
        }
        List<Libp2pConnection> list = byPeer.get(connection.remotePeer());
        if (list != null) {
            list.remove(connection);
            if (list.isEmpty()) {
                byPeer.remove(connection.remotePeer());
            }
        }
    }

    /** Prunes above the high water mark now (the host also calls this periodically: young ones age). */
    void prune() {
        List<Libp2pConnection> pruned;
        synchronized (this) {
            pruned = ConnectionPruning.victims(all, limits, System.nanoTime());
        }
        pruned.forEach(c -> c.closeFor(ConnectionCounters.Reason.WATER_MARK));
    }

    // ---- queries ----

    /** The connection the host uses for {@code peer}: live (not superseded), the preferred direction first. */
    synchronized Libp2pConnection best(PeerId peer) {
        List<Libp2pConnection> list = byPeer.get(peer);
        if (list == null) {
            return null;
        }
        Libp2pConnection best = null;
        for (Libp2pConnection c : list) {
            if (isLive(c) && (best == null || preferred(c) && !preferred(best))) {
                best = c;
            }
        }
        return best;
    }

    /** Live connections (not superseded, still open). */
    synchronized List<Libp2pConnection> live() {
        return all.stream().filter(this::isLive).toList();
    }

    /** Every admitted connection not yet closed, superseded ones included. */
    synchronized List<Libp2pConnection> all() {
        return new ArrayList<>(all);
    }

    synchronized int inbound() {
        return inbound;
    }

    synchronized int outbound() {
        return outbound;
    }

    synchronized int dialling() {
        return dialing.size();
    }

    /** Addresses (or address and peer pairs) whose dials are refused right now because of dial backoff. */
    synchronized int inBackoff() {
        return backoff.blocked(nanoClock.getAsLong());
    }

    /** Entries the dial backoff holds (at most {@link AddressBackoff#MAX_ENTRIES}). */
    synchronized int backoffEntries() {
        return backoff.size();
    }

    /** No more connections: every later dial and admission is refused, and every held dial ends now. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        crossing.close();
    }

    private boolean isLive(Libp2pConnection c) {
        return !c.isSuperseded() && c.isOpen();
    }

    /** Whether {@code c} was dialed by the peer with the smaller id (the direction both sides keep). */
    private boolean preferred(Libp2pConnection c) {
        PeerId dialer = c.isDialer() ? local : c.remotePeer();
        PeerId other = c.isDialer() ? c.remotePeer() : local;
        return dialer.compareTo(other) < 0;
    }
}
