package org.olocus.discovery.transport.internal.connection;

/**
 * A {@link Libp2pHost}'s connection counts at one moment.
 *
 * @param inbound           admitted connections the remote dialed (closing ones included)
 * @param outbound          admitted connections we dialed (closing ones included)
 * @param dialling          dials in progress
 * @param pendingHandshakes inbound connections still upgrading
 * @param inBackoff         addresses whose dials are refused now because of dial backoff (an address counts once
 *                          more per peer it is blocked for alone, after it answered as another peer)
 */
public record ConnectionStats(int inbound, int outbound, int dialling, int pendingHandshakes, int inBackoff) {
    @Override
    public String toString() {
        return "in " + inbound + ", out " + outbound + ", dialling " + dialling + ", pending handshakes "
                + pendingHandshakes + ", addresses in dial backoff " + inBackoff;
    }
}
