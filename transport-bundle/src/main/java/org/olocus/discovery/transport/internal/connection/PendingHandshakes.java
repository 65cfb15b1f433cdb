package org.olocus.discovery.transport.internal.connection;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Inbound connections still upgrading, oldest first. Beyond the limit the oldest is returned for shedding, so a
 * slowloris holding many idle handshakes cannot lock out peers whose handshakes take milliseconds. Not
 * thread-safe: the connection manager guards it.
 */
final class PendingHandshakes {
    private final int max;
    private final Set<ConnectionUpgrader> pending = new LinkedHashSet<>();

    PendingHandshakes(int max) {
        this.max = max;
    }

    /** Adds {@code upgrader}; returns the oldest pending one to shed if that made too many, else {@code null}. */
    ConnectionUpgrader add(ConnectionUpgrader upgrader) {
        pending.add(upgrader);
        if (pending.size() <= max) {
            return null;
        }
        Iterator<ConnectionUpgrader> oldest = pending.iterator();
        ConnectionUpgrader shed = oldest.next();
        oldest.remove();
        return shed;
    }

    /** Whether it was pending. */
    boolean remove(ConnectionUpgrader upgrader) {
        return pending.remove(upgrader);
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
