package org.olocus.discovery.transport.internal.connection;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Predicate;

import org.olocus.discovery.api.PeerId;

/**
 * Dials held back for inbound handshakes that may be their peer dialling us at the same moment. Before its Noise
 * handshake an inbound connection is known only by its IP, which many peers may share (one machine, one NAT), so
 * a hold first waits for every handshake from the target's IP and drops each one as soon as it proves another peer.
 * A hold is released when nothing is left to wait for, when a connection from its peer is admitted, when its
 * deadline passes (the manager schedules it: never later than the handshake timeout) or when the host closes —
 * whatever the awaited handshakes do, a held dial always ends. Not thread-safe: the connection manager guards it.
 */
final class HeldDials {
    /** One held dial: runs {@code then} once released. */
    static final class Hold {
        /** The dialled peer, or {@code null} when unknown (then any handshake from {@code from} may be it). */
        private final PeerId peer;
        private final InetAddress from;
        private final Set<ConnectionUpgrader> waitFor;
        private final Runnable then;
        /** While settling, new handshakes from {@code from} join the wait (a crossing dial may still arrive). */
        private boolean settling;
        private ScheduledFuture<?> deadline;

        private Hold(PeerId peer, InetAddress from, Set<ConnectionUpgrader> waitFor, boolean settling, Runnable then) {
            this.peer = peer;
            this.from = from;
            this.waitFor = waitFor;
            this.settling = settling;
            this.then = then;
        }

        private boolean mayBe(ConnectionUpgrader upgrader) {
            PeerId proven = upgrader.provenRemote();
            return peer == null || proven == null || proven.equals(peer);
        }
    }

    private final List<Hold> holds = new ArrayList<>();

    /**
     * Holds a dial of {@code peer} (or {@code null}) at {@code from} for those of {@code pending} (the handshakes from
     * there now) that may be that peer; returns {@code null} when there is nothing to wait for and no {@code settle}.
     */
    Hold hold(PeerId peer, InetAddress from, Collection<ConnectionUpgrader> pending, boolean settle, Runnable then) {
        Hold h = new Hold(peer, from, new LinkedHashSet<>(), settle, then);
        pending.stream().filter(h::mayBe).forEach(h.waitFor::add);
        if (h.waitFor.isEmpty() && !settle) {
            return null;
        }
        holds.add(h);
        return h;
    }

    /** Remembers the deadline timer of {@code hold}, cancelled when the hold is released earlier. */
    void deadline(Hold hold, ScheduledFuture<?> timer) {
        if (holds.contains(hold)) {
            hold.deadline = timer;
        } else {
            timer.cancel(false);
        }
    }

    /** An inbound handshake started: settling holds on its IP wait for it too. */
    void started(ConnectionUpgrader upgrader) {
        for (Hold h : holds) {
            if (h.settling && h.from.equals(upgrader.remoteInetAddress())) {
                h.waitFor.add(upgrader);
            }
        }
    }

    /** An inbound handshake proved its peer ({@link ConnectionUpgrader#provenRemote()}): holds for others drop it. */
    List<Runnable> identified(ConnectionUpgrader upgrader) {
        return release(h -> !h.mayBe(upgrader) && h.waitFor.remove(upgrader), true);
    }

    /** An inbound handshake ended (upgraded, failed, timed out or shed): no hold waits for it any more. */
    List<Runnable> ended(ConnectionUpgrader upgrader) {
        return release(h -> h.waitFor.remove(upgrader), true);
    }

    /** A connection from {@code peer} was admitted: the dials held for that peer can end with it. */
    List<Runnable> connected(PeerId peer) {
        return release(h -> peer.equals(h.peer), false);
    }

    /** The settle time of {@code hold} is over: its action if nothing is left to wait for, else {@code null}. */
    Runnable settled(Hold hold) {
        hold.settling = false;
        return hold.waitFor.isEmpty() ? remove(hold) : null;
    }

    /** The deadline of {@code hold} passed: its action if it was still held, else {@code null}. */
    Runnable expired(Hold hold) {
        return remove(hold);
    }

    /** Releases every hold (the host is closing). */
    List<Runnable> releaseAll() {
        List<Runnable> ready = new ArrayList<>();
        for (Hold h : List.copyOf(holds)) {
            ready.add(remove(h));
        }
        return ready;
    }

    int size() {
        return holds.size();
    }

    /**
     * Applies {@code change} to every hold; a changed one is released if {@code onlyWhenDone} is false, or if it
     * waits for nothing more and has settled.
     */
    private List<Runnable> release(Predicate<Hold> change, boolean onlyWhenDone) {
        List<Runnable> ready = new ArrayList<>();
        for (Iterator<Hold> it = holds.iterator(); it.hasNext();) {
            Hold h = it.next();
            if (change.test(h) && (!onlyWhenDone || h.waitFor.isEmpty() && !h.settling)) {
                it.remove();
                cancel(h);
                ready.add(h.then);
            }
        }
        return ready;
    }

    private Runnable remove(Hold hold) {
        if (!holds.remove(hold)) {
            return null;
        }
        cancel(hold);
        return hold.then;
    }

    private static void cancel(Hold hold) {
        if (hold.deadline != null) {
            hold.deadline.cancel(false);
        }
    }
}
