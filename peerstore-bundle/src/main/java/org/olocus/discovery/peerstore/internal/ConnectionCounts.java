package org.olocus.discovery.peerstore.internal;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.PeerInfo;

/**
 * How many stored peers hold a live connection (connected or connecting, as {@link PeerInfo#isConnected()})
 * in each direction; the direction limits are checked against these counts. Not thread-safe: the store guards
 * it.
 */
final class ConnectionCounts {
    private int inbound;
    private int outbound;

    /** The direction whose limit a peer counts against, {@code NONE} when it holds no connection. */
    static ConnectionDirection slotOf(PeerInfo peer) {
        return peer != null && peer.isConnected() ? peer.direction() : ConnectionDirection.NONE;
    }

    /** Follows a stored peer from {@code old} to {@code now}; either may be {@code null} (added, removed). */
    void replace(PeerInfo old, PeerInfo now) {
        adjust(slotOf(old), -1);
        adjust(slotOf(now), 1);
    }

    int count(ConnectionDirection direction) {
        return switch (direction) {
            case INBOUND -> inbound;
            case OUTBOUND -> outbound;
            case NONE -> 0;
        };
    }

    private void adjust(ConnectionDirection direction, int delta) {
        switch (direction) {
            case INBOUND -> inbound += delta;
            case OUTBOUND -> outbound += delta;
            case NONE -> {
                // unlimited, not counted
            }
        }
    }
}
