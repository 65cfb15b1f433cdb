package org.olocus.discovery.transport.internal.host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;

/**
 * Connection events that found the {@link HostEventDispatcher}'s queue full, kept as the latest state of each
 * connection: whether it connected, its latest identify, whether it disconnected. Of the connections that connected
 * and disconnected while held here (listeners never heard of them) only a peer's latest is kept, so what is held is
 * bounded by the peers and their open connections, not by the number of events. Not thread-safe: the dispatcher
 * guards it.
 */
final class CoalescedEvents {
    enum Kind { CONNECTED, IDENTIFIED, DISCONNECTED }

    /** One listener call to make, numbered in the order its event came. */
    record Event(Kind kind, PeerConnection connection, IdentifyInfo info, long order) {
    }

    private static final class Latest {
        long connected = -1;
        IdentifyInfo info;
        long identified = -1;
        long disconnected = -1;
    }

    private final Map<PeerConnection, Latest> byConnection = new LinkedHashMap<>();
    private final Map<PeerId, PeerConnection> shortLived = new HashMap<>();
    private long order;

    boolean isEmpty() {
        return byConnection.isEmpty();
    }

    void connected(PeerConnection connection) {
        latest(connection).connected = order++;
    }

    void identified(PeerConnection connection, IdentifyInfo info) {
        Latest l = latest(connection);
        l.info = info;
        l.identified = order++;
    }

    void disconnected(PeerConnection connection) {
        Latest l = latest(connection);
        l.disconnected = order++;
        if (l.connected >= 0) {
            PeerConnection earlier = shortLived.put(connection.remotePeer(), connection);
            if (earlier != null) {
                byConnection.remove(earlier);
            }
        }
    }

    /** Everything held, as the listener calls to make in event order; leaves this empty. */
    List<Event> takeAll() {
        List<Event> out = new ArrayList<>();
        byConnection.forEach((c, l) -> {
            if (l.connected >= 0) {
                out.add(new Event(Kind.CONNECTED, c, null, l.connected));
            }
            if (l.identified >= 0) {
                out.add(new Event(Kind.IDENTIFIED, c, l.info, l.identified));
            }
            if (l.disconnected >= 0) {
                out.add(new Event(Kind.DISCONNECTED, c, null, l.disconnected));
            }
        });
        out.sort(Comparator.comparingLong(Event::order));
        byConnection.clear();
        shortLived.clear();
        return out;
    }

    private Latest latest(PeerConnection connection) {
        return byConnection.computeIfAbsent(connection, c -> new Latest());
    }
}
