package org.olocus.discovery.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;

class ServiceDecoderTest {
    private static final PeerId SELF = TestIdentity.idOf(1);
    private static final PeerId OTHER = TestIdentity.idOf(2);
    private final ServiceDecoder decoder = new ServiceDecoder(SELF, "_olocus._tcp.local.");

    private static byte[] txt(String... entries) {
        return TxtRecord.of(java.util.Arrays.stream(entries).map(e -> {
            int eq = e.indexOf('=');
            return new TxtRecord.Entry(e.substring(0, eq), e.substring(eq + 1));
        }).toList()).encode();
    }

    private static ResolvedService olocus(List<InetAddress> addresses, byte[]... txt) {
        return new ResolvedService(TestLinks.eth0(), "_olocus._tcp.local.", "node", 8000, addresses, List.of(txt));
    }

    @Test
    void olocusServiceGivesPeerWithOnLinkAddressesOnly() {
        var out = decoder.decode(olocus(List.of(TestLinks.ip("10.231.1.7"), TestLinks.ip("192.0.2.9"),
                TestLinks.ip("fe80::7")), txt("peer_id=" + OTHER, "protocol=olocus/1.0.0")));
        assertEquals(ServiceDecoder.Outcome.Kind.PEER, out.kind(), out.reason());
        assertEquals(OTHER, out.peer().id());
        assertEquals(List.of(Multiaddr.parse("/ip4/10.231.1.7/tcp/8000"),
                Multiaddr.parse("/ip6zone/eth0/ip6/fe80::7/tcp/8000")), out.peer().addresses());
        assertEquals(Set.of("olocus/1.0.0"), out.peer().protocols());
    }

    @Test
    void addrEntriesAreAddedAndLinkLocalOnesGetTheZone() {
        var out = decoder.decode(olocus(List.of(), txt("peer_id=" + OTHER, "addr=/ip4/10.231.1.7/tcp/4001",
                "addr=/ip6/fe80::9/tcp/4001")));
        assertEquals(List.of(Multiaddr.parse("/ip4/10.231.1.7/tcp/4001"),
                Multiaddr.parse("/ip6zone/eth0/ip6/fe80::9/tcp/4001")), out.peer().addresses());
    }

    @Test
    void serviceWithoutIdIsIgnoredNeverGivenOne() {
        var out = decoder.decode(olocus(List.of(TestLinks.ip("10.231.1.7")), txt("protocol=olocus/1.0.0")));
        assertEquals(ServiceDecoder.Outcome.Kind.NO_ID, out.kind());
        assertTrue(out.reason().contains("no peer_id"), out.reason());
    }

    @Test
    void badIdBadAddrAndBadTxtAreRejectedByReason() {
        assertEquals(ServiceDecoder.Outcome.Kind.BAD_ID,
                decoder.decode(olocus(List.of(), txt("peer_id=12D3KooWnotbase58!!"))).kind());
        assertEquals(ServiceDecoder.Outcome.Kind.BAD_MULTIADDR,
                decoder.decode(olocus(List.of(), txt("peer_id=" + OTHER, "addr=/ip4/999.1.1.1/tcp/1"))).kind());
        assertEquals(ServiceDecoder.Outcome.Kind.BAD_MULTIADDR, decoder.decode(olocus(List.of(),
                txt("peer_id=" + OTHER, "addr=/ip4/10.0.0.1/tcp/1/p2p/" + SELF))).kind());
        assertEquals(ServiceDecoder.Outcome.Kind.BAD_TXT,
                decoder.decode(olocus(List.of(), new byte[] {9, 'a'})).kind());
    }

    @Test
    void ourOwnServiceIsRecognised() {
        assertEquals(ServiceDecoder.Outcome.Kind.SELF,
                decoder.decode(olocus(List.of(), txt("peer_id=" + SELF))).kind());
    }

    @Test
    void libp2pServiceTakesIdAndAddressesFromDnsaddr() {
        var s = new ResolvedService(TestLinks.eth0(), "_p2p._udp.local.", "abcdef", 0, List.of(), List.of(
                txt("dnsaddr=/ip4/10.231.1.8/tcp/4001/p2p/" + OTHER), txt("dnsaddr=/ip4/10.231.1.8/udp/4001/quic-v1/p2p/" + OTHER)));
        var out = decoder.decode(s);
        assertEquals(ServiceDecoder.Outcome.Kind.PEER, out.kind(), out.reason());
        assertEquals(OTHER, out.peer().id());
        assertEquals(2, out.peer().addresses().size());
    }

    @Test
    void libp2pServiceRejectsMissingOrMixedIds() {
        var noId = new ResolvedService(TestLinks.eth0(), "_p2p._udp.local.", "x", 0, List.of(),
                List.of(txt("dnsaddr=/ip4/10.231.1.8/tcp/4001")));
        assertEquals(ServiceDecoder.Outcome.Kind.NO_ID, decoder.decode(noId).kind());
        var mixed = new ResolvedService(TestLinks.eth0(), "_p2p._udp.local.", "x", 0, List.of(), List.of(
                txt("dnsaddr=/ip4/10.231.1.8/tcp/1/p2p/" + OTHER), txt("dnsaddr=/ip4/10.231.1.8/tcp/2/p2p/" + SELF)));
        assertEquals(ServiceDecoder.Outcome.Kind.BAD_ID, decoder.decode(mixed).kind());
        var garbage = new ResolvedService(TestLinks.eth0(), "_p2p._udp.local.", "x", 0, List.of(),
                List.of(txt("dnsaddr=not a multiaddr")));
        assertEquals(ServiceDecoder.Outcome.Kind.BAD_MULTIADDR, decoder.decode(garbage).kind());
    }
}
