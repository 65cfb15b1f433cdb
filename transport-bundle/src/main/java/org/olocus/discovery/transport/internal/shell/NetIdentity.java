package org.olocus.discovery.transport.internal.shell;

import java.util.List;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;

/**
 * What {@code net:id} shows.
 *
 * @param peerId    our peer id
 * @param addresses where others dial us, each ending in {@code /p2p/<our id>}
 * @param protocols what we serve on inbound streams, sorted
 * @param agent     the agent version identify tells others
 */
public record NetIdentity(PeerId peerId, List<Multiaddr> addresses, List<String> protocols, String agent) {
    public NetIdentity {
        addresses = List.copyOf(addresses);
        protocols = List.copyOf(protocols);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("peer id   ").append(peerId).append('\n');
        sb.append("agent     ").append(agent).append('\n');
        sb.append("addresses").append(addresses.isEmpty() ? " (none)\n" : "\n");
        addresses.forEach(a -> sb.append("  ").append(a).append('\n'));
        sb.append("protocols\n");
        protocols.forEach(p -> sb.append("  ").append(p).append('\n'));
        return sb.toString().stripTrailing();
    }
}
