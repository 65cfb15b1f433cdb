package org.olocus.discovery.coordinator.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;

/**
 * The transport's connection events that the store's owner thread has not applied yet, kept as the latest state of
 * each connection instead of one queued task per event, so none is ever dropped. A connection that opened and
 * closed before the owner thread looked is kept only while it is its peer's latest such one: what is held is
 * bounded by the peers and their open connections, not by the number of events. Thread-safe: the transport adds,
 * the owner thread takes.
 */
final class PendingConnectionEvents {
    /** What happened to one connection since the owner thread last looked; each step numbered in event order. */
    static final class ConnectionEvents {
        final PeerConnection connection;
        long opened = -1;
        ConnectionDirection direction;
        Multiaddr remote;
        Instant openedAt;
        /** The latest identify report (identify push replaces it), or null. */
        PeerInfo identify;
        long identified = -1;
        long closed = -1;
        Instant closedAt;

        ConnectionEvents(PeerConnection connection) {
            this.connection = connection;
        }
    }

    /** What to apply: one connection's opening, latest identify or closing. */
    enum Kind { OPENED, IDENTIFIED, CLOSED }

    record Step(Kind kind, ConnectionEvents events, long order) {
    }

    /** One peer's pending steps, in the order their events came (a connection's latest identify at its place). */
    record PeerEvents(PeerId peer, List<Step> steps) {
    }

    private final Map<PeerId, Map<PeerConnection, ConnectionEvents>> byPeer = new LinkedHashMap<>();
    /** Per peer, its connection that opened and closed while pending, if any: the one kept of them. */
    private final Map<PeerId, ConnectionEvents> shortLived = new HashMap<>();
    private long coalesced;
    private long order;

    /** @return whether nothing was pending before: the caller schedules a flush then */
    synchronized boolean connected(PeerConnection connection, PeerId peer, ConnectionDirection direction,
                                   Multiaddr remote, Instant at) {
        boolean first = byPeer.isEmpty();
        ConnectionEvents e = of(connection, peer);
        e.opened = order++;
        e.direction = direction;
        e.remote = remote;
        e.openedAt = at;
        return first;
    }

    /** @return whether nothing was pending before */
    synchronized boolean identified(PeerConnection connection, PeerId peer, PeerInfo report) {
        boolean first = byPeer.isEmpty();
        ConnectionEvents e = of(connection, peer);
        e.identify = report;
        e.identified = order++;
        return first;
    }

    /** @return whether nothing was pending before */
    synchronized boolean disconnected(PeerConnection connection, PeerId peer, Instant at) {
        boolean first = byPeer.isEmpty();
        ConnectionEvents e = of(connection, peer);
        e.closed = order++;
        e.closedAt = at;
        if (e.opened >= 0) {
            ConnectionEvents earlier = shortLived.put(peer, e);
            if (earlier != null) {
                // Nobody heard of the earlier one: the latest short connection tells the store as much.
                byPeer.get(peer).remove(earlier.connection);
                coalesced++;
                if (e.identify == null && earlier.identify != null) {
                    e.identify = earlier.identify;
                    e.identified = e.opened;
                }
            }
        }
        return first;
    }

    /** Takes everything pending (the owner thread). */
    synchronized List<PeerEvents> takeAll() {
        List<PeerEvents> out = new ArrayList<>(byPeer.size());
        byPeer.forEach((peer, connections) -> {
            List<Step> steps = new ArrayList<>();
            for (ConnectionEvents e : connections.values()) {
                addStep(steps, Kind.OPENED, e, e.opened);
                addStep(steps, Kind.IDENTIFIED, e, e.identified);
                addStep(steps, Kind.CLOSED, e, e.closed);
            }
            steps.sort(Comparator.comparingLong(Step::order));
            out.add(new PeerEvents(peer, steps));
        });
        byPeer.clear();
        shortLived.clear();
        return out;
    }

    private static void addStep(List<Step> steps, Kind kind, ConnectionEvents e, long order) {
        if (order >= 0) {
            steps.add(new Step(kind, e, order));
        }
    }

    /** Events folded into a state already pending instead of being applied one by one. */
    synchronized long coalesced() {
        return coalesced;
    }

    private ConnectionEvents of(PeerConnection connection, PeerId peer) {
        Map<PeerConnection, ConnectionEvents> connections = byPeer.computeIfAbsent(peer, p -> new LinkedHashMap<>(4));
        ConnectionEvents e = connections.get(connection);
        if (e == null) {
            e = new ConnectionEvents(connection);
            connections.put(connection, e);
        } else {
            coalesced++;
        }
        return e;
    }
}
