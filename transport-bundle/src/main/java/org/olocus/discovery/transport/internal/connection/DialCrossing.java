package org.olocus.discovery.transport.internal.connection;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import org.olocus.discovery.api.PeerId;

/**
 * The connection manager's view of dials that may cross an inbound handshake (simultaneous dials): the pending
 * inbound handshakes ({@link PendingHandshakes}) and the dials held for some of them ({@link HeldDials}), with the
 * timers that bound every hold. Thread-safe with a lock of its own, taken only for bookkeeping: the released
 * dials' actions run after it is released, on the thread of the event that released them.
 */
final class DialCrossing {
    /**
     * Settle time of a dial by the larger peer (see {@link #afterDial}): half of what its upgrade took, within these
     * bounds. A crossing dial sent before ours reached the peer is almost always pending here by the time our
     * upgrade is done (it had half a round trip to arrive, our upgrade took two or more), so the settle is a margin
     * for scheduling skew, not a full handshake every such dial pays.
     */
    private static final Duration MIN_SETTLE = Duration.ofMillis(2);
    private static final Duration MAX_SETTLE = Duration.ofMillis(250);

    private final PendingHandshakes pending;
    private final HeldDials held = new HeldDials();
    /** Where the deadlines of dials held before connecting run (a listener's event loop), and how long they are. */
    private BiFunction<Runnable, Duration, ScheduledFuture<?>> listenerTimers;
    private Duration handshakeTimeout;

    DialCrossing(int maxPendingHandshakes) {
        this.pending = new PendingHandshakes(maxPendingHandshakes);
    }

    /**
     * A listener is up: {@code loop} runs the deadlines of dials held before connecting, which wait at most
     * {@code timeout} (the handshake timeout).
     */
    synchronized void listening(ScheduledExecutorService loop, Duration timeout) {
        listenerTimers = (task, delay) -> loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        handshakeTimeout = timeout;
    }

    /** An inbound handshake started; returns the oldest pending one to shed if that made too many. */
    synchronized ConnectionUpgrader started(ConnectionUpgrader upgrader) {
        ConnectionUpgrader shed = pending.add(upgrader);
        held.started(upgrader);
        return shed;
    }

    /** An inbound handshake proved its remote peer: dials held for other peers stop waiting for it. */
    void identified(ConnectionUpgrader upgrader) {
        List<Runnable> ready;
        synchronized (this) {
            ready = held.identified(upgrader);
        }
        ready.forEach(Runnable::run);
    }

    /** An inbound handshake ended (failed, timed out or shed); calling it again does nothing. */
    void ended(ConnectionUpgrader upgrader) {
        List<Runnable> ready;
        synchronized (this) {
            pending.remove(upgrader);
            ready = held.ended(upgrader);
        }
        ready.forEach(Runnable::run);
    }

    /**
     * An inbound handshake ended with a connection from {@code peer}, which the manager kept ({@code kept}) or
     * refused: the dials held for that handshake, and if kept for that peer, may end now.
     */
    void upgraded(ConnectionUpgrader upgrader, PeerId peer, boolean kept) {
        List<Runnable> ready;
        synchronized (this) {
            pending.remove(upgrader);
            ready = new ArrayList<>(held.ended(upgrader));
            if (kept) {
                ready.addAll(held.connected(peer));
            }
        }
        ready.forEach(Runnable::run);
    }

    /**
     * Before dialling {@code peer} ({@code null} if unknown) at {@code address}: runs {@code then} once the
     * inbound handshakes from there under way now that may be that peer dialling us have ended or proved another
     * peer, or a connection from that peer came in; at once if there are none, after the handshake timeout at the
     * latest.
     */
    void beforeDial(PeerId peer, InetAddress address, Runnable then) {
        HeldDials.Hold hold;
        BiFunction<Runnable, Duration, ScheduledFuture<?>> timers;
        Duration timeout;
        synchronized (this) {
            hold = held.hold(peer, address, pending.from(address), false, then);
            timers = listenerTimers;
            timeout = handshakeTimeout;
        }
        if (hold == null) {
            then.run();
        } else {
            armDeadline(hold, timers, timeout);
        }
    }

    /**
     * Our dial of {@code peer} came up as {@code own}, in the direction that loses to one the peer dials: runs
     * {@code then} once the handshakes from its IP under way, or starting within about the time our upgrade took
     * (a crossing dial sent before ours reached the peer), have ended or proved another peer, or a connection from
     * the peer came in; after the handshake timeout at the latest.
     */
    void afterDial(PeerId peer, Libp2pConnection own, Runnable then) {
        HeldDials.Hold hold;
        synchronized (this) {
            InetAddress ip = own.remoteAddressInet();
            hold = held.hold(peer, ip, pending.from(ip), true, then);
        }
        Duration half = own.upgradeDuration().dividedBy(2);
        Duration settle = half.compareTo(MIN_SETTLE) < 0 ? MIN_SETTLE : half.compareTo(MAX_SETTLE) > 0 ? MAX_SETTLE : half;
        try {
            own.schedule(() -> settled(hold), settle);
        } catch (RuntimeException e) { // the event loop is shutting down: no crossing dial will come
            settled(hold);
        }
        armDeadline(hold, own::schedule, own.config().handshakeTimeout());
    }

    /** The host is closing: every held dial is released now. */
    void close() {
        List<Runnable> ready;
        synchronized (this) {
            ready = held.releaseAll();
        }
        ready.forEach(Runnable::run);
    }

    synchronized int pendingHandshakes() {
        return pending.size();
    }

    synchronized int heldDials() {
        return held.size();
    }

    private void settled(HeldDials.Hold hold) {
        Runnable ready;
        synchronized (this) {
            ready = held.settled(hold);
        }
        if (ready != null) {
            ready.run();
        }
    }

    /** Releases {@code hold} after {@code timeout} at the latest; at once if no timer can be set. */
    private void armDeadline(HeldDials.Hold hold, BiFunction<Runnable, Duration, ScheduledFuture<?>> timers,
            Duration timeout) {
        ScheduledFuture<?> timer = null;
        if (timers != null) {
            try {
                timer = timers.apply(() -> expired(hold), timeout);
            } catch (RuntimeException e) { // the event loop is shutting down
                timer = null;
            }
        }
        if (timer == null) {
            expired(hold);
            return;
        }
        synchronized (this) {
            held.deadline(hold, timer);
        }
    }

    private void expired(HeldDials.Hold hold) {
        Runnable ready;
        synchronized (this) {
            ready = held.expired(hold);
        }
        if (ready != null) {
            ready.run();
        }
    }
}
