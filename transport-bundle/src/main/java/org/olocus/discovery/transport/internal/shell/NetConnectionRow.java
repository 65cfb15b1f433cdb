package org.olocus.discovery.transport.internal.shell;

import java.time.Duration;
import java.time.Instant;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.host.ApiConnection;

/**
 * One row of {@code net:connections} (and the result of {@code net:connect}).
 *
 * @param peer          the remote's proven id
 * @param direction     {@code INBOUND} or {@code OUTBOUND}
 * @param remoteAddress the remote end's TCP address
 * @param age           how long the connection has been open
 * @param streams       streams open on it now (negotiating ones included)
 * @param agent         the agent the remote gave through identify; empty until it answered
 * @param open          whether the connection is still open
 */
public record NetConnectionRow(PeerId peer, ConnectionDirection direction, Multiaddr remoteAddress, Duration age,
        int streams, String agent, boolean open) {
    static NetConnectionRow of(PeerConnection c, Instant now) {
        Duration age = Duration.between(c.openedAt(), now);
        int streams = c instanceof ApiConnection h ? h.libp2p().openStreams() : 0;
        return new NetConnectionRow(c.remotePeer(), c.direction(), c.remoteAddress(),
                age.isNegative() ? Duration.ZERO : age, streams,
                c.identify().map(IdentifyInfo::agentVersion).orElse(""), c.isOpen());
    }

    @Override
    public String toString() {
        return String.format("%s %-8s %s age %ds streams %d agent %s%s", peer, direction, remoteAddress,
                age.toSeconds(), streams, agent.isEmpty() ? "(not identified)" : agent, open ? "" : " CLOSED");
    }
}
