package org.olocus.discovery.transport.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;

/** Wildcard expansion, bind order and the interface list (no socket is opened). */
class ListenAddressesTest {
    private static Multiaddr m(String text) {
        return Multiaddr.parse(text);
    }

    @Test
    void wildcardsAreListedPerInterfaceAddressOfTheirFamily() throws Exception {
        List<InetAddress> interfaces = List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"),
                InetAddress.getByName("192.0.2.7"), InetAddress.getByName("2001:db8::7"));
        List<Multiaddr> out = ListenAddresses.expand(List.of(m("/ip4/0.0.0.0/tcp/4001"), m("/ip6/::/tcp/4002"),
                m("/ip4/127.0.0.2/tcp/9")), () -> interfaces);
        assertEquals(List.of(m("/ip4/127.0.0.1/tcp/4001"), m("/ip4/192.0.2.7/tcp/4001"), m("/ip6/::1/tcp/4002"),
                m("/ip6/2001:db8::7/tcp/4002"), m("/ip4/127.0.0.2/tcp/9")), out);
    }

    @Test
    void ipv6WildcardsAreBoundFirst() {
        List<Multiaddr> order = ListenAddresses.bindOrder(List.of(m("/ip4/0.0.0.0/tcp/1"), m("/ip4/127.0.0.1/tcp/2"),
                m("/ip6/::/tcp/1"), m("/ip6/::1/tcp/3")));
        assertEquals(List.of(m("/ip6/::/tcp/1"), m("/ip4/0.0.0.0/tcp/1"), m("/ip4/127.0.0.1/tcp/2"),
                m("/ip6/::1/tcp/3")), order);
    }

    @Test
    void theInterfaceListHasLoopbackAndNoLinkLocal() {
        List<InetAddress> addresses = ListenAddresses.interfaceAddresses();
        assertTrue(addresses.stream().anyMatch(InetAddress::isLoopbackAddress), addresses.toString());
        assertFalse(addresses.stream().anyMatch(InetAddress::isLinkLocalAddress), addresses.toString());
    }

    @Test
    void anIpv4WildcardInUseOnTheDualStackSocketsPortCountsAsServed() {
        List<Multiaddr> bound = List.of(m("/ip6/::/tcp/4001"));
        BindException inUse = new BindException("Address already in use");
        assertTrue(ListenAddresses.servedByDualStack(m("/ip4/0.0.0.0/tcp/4001"), inUse, bound));
        assertFalse(ListenAddresses.servedByDualStack(m("/ip4/0.0.0.0/tcp/4002"), inUse, bound), "another port");
        assertFalse(ListenAddresses.servedByDualStack(m("/ip4/127.0.0.1/tcp/4001"), inUse, bound), "not a wildcard");
        assertFalse(ListenAddresses.servedByDualStack(m("/ip4/0.0.0.0/tcp/4001"), new IOException("other"), bound));
        assertFalse(ListenAddresses.servedByDualStack(m("/ip4/0.0.0.0/tcp/4001"), inUse,
                List.of(m("/ip6/::1/tcp/4001"))), "no IPv6 wildcard bound");
        assertFalse(ListenAddresses.servedByDualStack(m("/ip4/0.0.0.0/tcp/0"), inUse, List.of(m("/ip6/::/tcp/0"))));
    }

    @Test
    void wildcardAndFamily() {
        assertTrue(ListenAddresses.isWildcard(m("/ip6/::/tcp/1")));
        assertFalse(ListenAddresses.isWildcard(m("/ip6/::1/tcp/1")));
        assertTrue(ListenAddresses.isIp4(m("/ip4/0.0.0.0/tcp/1")));
        assertFalse(ListenAddresses.isIp4(m("/ip6/::/tcp/1")));
    }
}
