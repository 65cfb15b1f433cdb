package org.olocus.discovery.mdns.internal;

import java.net.InetAddress;
import java.util.List;

/**
 * What JmDNS told us about one service instance on one link, before we trust any of it.
 *
 * @param link         the link (responder) it was heard on
 * @param serviceType  {@code _olocus._tcp.local.} or {@code _p2p._udp.local.}
 * @param instanceName the instance label
 * @param port         SRV port, 0 when no SRV record was heard (libp2p peers often send none)
 * @param addresses    A/AAAA addresses of its host
 * @param txtRecords   the raw rdata of every TXT record of the instance
 */
public record ResolvedService(LinkAddress link, String serviceType, String instanceName, int port,
                              List<InetAddress> addresses, List<byte[]> txtRecords) {
    public ResolvedService {
        addresses = List.copyOf(addresses);
        txtRecords = List.copyOf(txtRecords);
    }

    /** The key of this service on its link. */
    public String key() {
        return link.key() + " " + instanceName + "." + serviceType;
    }
}
