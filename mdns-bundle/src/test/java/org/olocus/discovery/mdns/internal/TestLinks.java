package org.olocus.discovery.mdns.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Link addresses for unit tests; nothing here touches a real interface. */
final class TestLinks {
    private TestLinks() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByAddress(literal, InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code eth0} with 10.231.1.2/24 and fe80::1/64. */
    static LinkAddress eth0() {
        return new LinkAddress("eth0", 2, ip("10.231.1.2"), List.of(
                new LinkAddress.Prefix(ip("10.231.1.2"), 24), new LinkAddress.Prefix(ip("fe80::1"), 64)));
    }

    /** {@code eth1} with 10.231.2.2/24. */
    static LinkAddress eth1() {
        return new LinkAddress("eth1", 3, ip("10.231.2.2"), List.of(new LinkAddress.Prefix(ip("10.231.2.2"), 24)));
    }
}
