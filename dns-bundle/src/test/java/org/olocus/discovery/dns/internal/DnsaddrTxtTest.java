package org.olocus.discovery.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;

class DnsaddrTxtTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void entriesParseAndSplitStringsAreJoined() {
        DnsaddrTxt.Parsed p = DnsaddrTxt.parse(List.of(List.of(b("dnsaddr=/ip4/127.0.0.1/tcp/4001")),
                List.of(b("dnsaddr=/dnsaddr/"), b("boot.example.test"))));
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/dnsaddr/boot.example.test")),
                p.addresses());
        assertEquals(List.of(), p.problems());
    }

    @Test
    void malformedRecordsAreSkippedWithReasons() {
        DnsaddrTxt.Parsed p = DnsaddrTxt.parse(List.of(List.of(b("v=spf1 -all")), List.of(b("dnsaddr=/ip4/x/tcp/1")),
                List.of(new byte[] {'d', (byte) 0xc3}), List.of(b("dnsaddr=/ip6/::1/tcp/1"))));
        assertEquals(List.of(Multiaddr.parse("/ip6/::1/tcp/1")), p.addresses());
        assertEquals(List.of("unknown key", "bad addr", "malformed entry"),
                p.problems().stream().map(PeerTxt.Problem::category).toList());
    }
}
