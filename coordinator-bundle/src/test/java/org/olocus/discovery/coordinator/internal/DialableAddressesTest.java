package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.olocus.discovery.api.Multiaddr;

class DialableAddressesTest {
    @ParameterizedTest
    @CsvSource({
            "/ip4/127.0.0.1/tcp/4001, true",
            "/ip6/::1/tcp/4001, true",
            "/ip4/192.0.2.1/tcp/4001, true",
            "/ip4/10.1.2.3/udp/4001/quic-v1, true",
            "/dns4/node.example/tcp/443/wss, true",
            "/dnsaddr/bootstrap.libp2p.io, true",
            "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA, true",
            "/ip4/0.0.0.0/tcp/4001, false",
            "/ip6/::/tcp/4001, false",
            "/ip4/224.0.0.251/udp/5353, false",
            "/ip6/fe80::1/tcp/4001, false",
            "/ip6zone/eth0/ip6/fe80::1/tcp/4001, false",
            "/ip4/127.0.0.1/tcp/0, false",
            "/ip4/127.0.0.1, false",
            "/ip4/192.0.2.1/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA/p2p-circuit, false",
            "/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA, false"})
    void onlyAddressesOneCanDialAreKept(String address, boolean dialable) {
        assertEquals(dialable, DialableAddresses.isDialable(Multiaddr.parse(address)), address);
    }

    @Test
    void theOrderOfTheKeptOnesIsKept() {
        List<Multiaddr> in = List.of(Multiaddr.parse("/ip6/::1/tcp/1"), Multiaddr.parse("/ip4/0.0.0.0/tcp/1"),
                Multiaddr.parse("/ip4/127.0.0.1/tcp/1"));
        assertEquals(List.of(in.get(0), in.get(2)), DialableAddresses.of(in));
    }
}
