package org.olocus.discovery.transport.internal.shell;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.connection.ConnectionLimits;
import org.olocus.discovery.transport.internal.connection.ConnectionStats;
import org.olocus.discovery.transport.internal.connection.Libp2pHost;
import org.olocus.discovery.transport.internal.host.ApiHost;
import org.olocus.discovery.transport.internal.host.HostEventDispatcher;

/**
 * What {@code net:status} shows.
 *
 * @param peerId          our peer id
 * @param bound           the sockets we listen on (wildcards as such)
 * @param bindFailures    listen addresses that could not be bound, with why
 * @param inbound         open connections in use that the remote dialed
 * @param outbound        open connections in use that we dialed
 * @param host            the connection manager's counts (closing connections included, dials, pending handshakes,
 *                        addresses in dial backoff)
 * @param failures        connections and dials that failed (protocol violation, wrong peer, timeout, I/O error)
 * @param counters        refusals and closings per reason (limits, backoff, idle, keep-alive, …)
 * @param events          HostListener calls made
 * @param eventsCoalesced HostListener events folded into their connection's latest state (listeners too far behind)
 * @param listenerErrors  HostListener calls that threw
 * @param limits          the connection limits in force
 */
public record NetStatus(PeerId peerId, List<Multiaddr> bound, Map<Multiaddr, String> bindFailures, int inbound,
        int outbound, ConnectionStats host, long failures, Map<String, Long> counters, long events,
        long eventsCoalesced, long listenerErrors, ConnectionLimits limits) {
    public NetStatus {
        bound = List.copyOf(bound);
        bindFailures = Map.copyOf(bindFailures);
        counters = new TreeMap<>(counters);
    }

    static NetStatus of(ApiHost service) {
        List<PeerConnection> open = service.connections();
        int in = (int) open.stream().filter(c -> c.direction() == ConnectionDirection.INBOUND).count();
        HostEventDispatcher events = service.events();
        Libp2pHost libp2p = service.libp2p();
        Map<String, Long> counters = new TreeMap<>(libp2p.counters());
        service.recordRefusals().forEach((reason, n) -> counters.put("peer_record_refused_"
                + reason.name().toLowerCase(Locale.ROOT), n));
        return new NetStatus(service.peerId(), service.boundAddresses(), service.bindFailures(), in,
                open.size() - in, libp2p.stats(), libp2p.failures(), counters, events.delivered(),
                events.coalesced(), events.listenerFailures(), service.settings().host().limits());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("peer id        ").append(peerId).append('\n');
        sb.append("listening on   ").append(bound).append('\n');
        bindFailures.forEach((a, why) -> sb.append("NOT BOUND      ").append(a).append(": ").append(why).append('\n'));
        sb.append("connections    ").append(inbound).append(" in / ").append(outbound).append(" out (limits ")
                .append(limits.maxInbound()).append(" / ").append(limits.maxOutbound()).append(", ")
                .append(limits.maxPerPeer()).append(" per peer)\n");
        sb.append("manager        ").append(host).append('\n');
        sb.append("failures       ").append(failures).append('\n');
        sb.append("counters      ");
        counters.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        sb.append('\n');
        sb.append("listener calls ").append(events).append(", coalesced events ").append(eventsCoalesced)
                .append(", listener errors ").append(listenerErrors);
        return sb.toString();
    }
}
