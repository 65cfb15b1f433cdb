package org.olocus.discovery.transport.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Inbound connections still upgrading, oldest first, and the gates waiting for some of them to end. Beyond the
 * limit the oldest is returned for shedding, so a slowloris holding many idle handshakes cannot lock out peers
 * whose handshakes take milliseconds. Not thread-safe: the connection manager guards it.
 */
final class PendingHandshakes {
    /**
     * Something to run once the handshakes in {@code waitFor} ended; while {@code settling}, new handshakes from
     * {@code watch} join the wait.
     */
    static final class Gate {
        private final Set<ConnectionUpgrader> waitFor;
        private final InetAddress watch;
        private final Runnable then;
        private boolean settling;

        private Gate(Set<ConnectionUpgrader> waitFor, InetAddress watch, Runnable then) {
            this.waitFor = waitFor;
            this.watch = watch;
            this.then = then;
            this.settling = watch != null;
        }
    }

    private final int max;
    private final Set<ConnectionUpgrader> pending = new LinkedHashSet<>();
    private final List<Gate> gates = new ArrayList<>();

    PendingHandshakes(int max) {
        this.max = max;
    }

    /** Adds {@code upgrader}; returns the oldest pending one to shed if that made too many, else {@code null}. */
    ConnectionUpgrader add(ConnectionUpgrader upgrader) {
        pending.add(upgrader);
        for (Gate g : gates) {
            if (g.settling && g.watch.equals(upgrader.remoteInetAddress())) {
                g.waitFor.add(upgrader);
            }
        }
        if (pending.size() <= max) {
            return null;
        }
        Iterator<ConnectionUpgrader> oldest = pending.iterator();
        ConnectionUpgrader shed = oldest.next();
        oldest.remove();
        return shed;
    }

    /** Whether it was pending (the gates still wait for it until {@link #ended}). */
    boolean remove(ConnectionUpgrader upgrader) {
        return pending.remove(upgrader);
    }

    /** {@code upgrader}'s handshake ended: it leaves the set and the gates; returns what became ready to run. */
    List<Runnable> ended(ConnectionUpgrader upgrader) {
        pending.remove(upgrader);
        List<Runnable> ready = new ArrayList<>();
        for (Iterator<Gate> it = gates.iterator(); it.hasNext();) {
            Gate g = it.next();
            if (g.waitFor.remove(upgrader) && g.waitFor.isEmpty() && !g.settling) {
                it.remove();
                ready.add(g.then);
            }
        }
        return ready;
    }

    /**
     * A gate on the handshakes from {@code address} under way now, or {@code null} if there are none and
     * {@code settle} is false. With {@code settle}, handshakes from there that start before {@link #settled}
     * join it.
     */
    Gate gate(InetAddress address, boolean settle, Runnable then) {
        Set<ConnectionUpgrader> waitFor = from(address);
        if (waitFor.isEmpty() && !settle) {
            return null;
        }
        Gate g = new Gate(waitFor, settle ? address : null, then);
        gates.add(g);
        return g;
    }

    /** The settle time of {@code gate} is over: returns its action if nothing is left to wait for, else null. */
    Runnable settled(Gate gate) {
        gate.settling = false;
        return gate.waitFor.isEmpty() && gates.remove(gate) ? gate.then : null;
    }

    int size() {
        return pending.size();
    }

    /** The pending handshakes from {@code address} right now. */
    Set<ConnectionUpgrader> from(InetAddress address) {
        Set<ConnectionUpgrader> out = new LinkedHashSet<>();
        for (ConnectionUpgrader u : pending) {
            if (address.equals(u.remoteInetAddress())) {
                out.add(u);
            }
        }
        return out;
    }
}
