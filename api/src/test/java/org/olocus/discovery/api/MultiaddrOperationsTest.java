package org.olocus.discovery.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.olocus.discovery.api.PeerIdMalformedTest.assertRefused;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Multiaddr: peer id handling, encapsulation, socket addresses. */
class MultiaddrOperationsTest {
    private static final String QM = Vectors.GO_SHA256_BASE58;
    private static final String ED = Vectors.GO_ED25519_BASE58;

    static Multiaddr ma(String text) {
        return Multiaddr.parse(text);
    }

    @Test
    void peerIdIsTheTrailingP2pComponent() {
        assertEquals(Optional.of(PeerId.fromString(QM)), ma("/ip4/1.2.3.4/tcp/1/p2p/" + QM).peerId());
        assertEquals(Optional.of(PeerId.fromString(ED)), ma("/dns4/a.example/tcp/1/p2p/" + ED).peerId());
        assertEquals(Optional.of(PeerId.fromString(QM)), ma("/ipfs/" + QM).peerId());
        assertEquals(Optional.of(PeerId.fromString(ED)), ma("/p2p/" + QM + "/p2p-circuit/p2p/" + ED).peerId());
        assertEquals(Optional.empty(), ma("/p2p/" + QM + "/p2p-circuit").peerId(), "relay address of no peer");
        assertEquals(Optional.empty(), ma("/ip4/1.2.3.4/tcp/1").peerId());
        assertEquals(Optional.empty(), ma("/ip4/1.2.3.4/tcp/1/p2p/" + QM).withoutPeerId().peerId());
    }

    @Test
    void withPeerIdAppendsOrReplaces() {
        PeerId qm = PeerId.fromString(QM);
        PeerId ed = PeerId.fromString(ED);
        assertEquals("/ip4/1.2.3.4/tcp/1/p2p/" + QM, ma("/ip4/1.2.3.4/tcp/1").withPeerId(qm).toString());
        assertEquals("/ip4/1.2.3.4/tcp/1/p2p/" + ED, ma("/ip4/1.2.3.4/tcp/1/p2p/" + QM).withPeerId(ed).toString());
        assertEquals("/ip4/1.2.3.4/tcp/1/p2p/" + QM, ma("/ip4/1.2.3.4/tcp/1/ipfs/" + QM).withPeerId(qm).toString());
        assertEquals("/p2p/" + ED, ma("/p2p/" + QM).withPeerId(ed).toString());
        // a relay address keeps the relay's id and gains the target's
        assertEquals("/p2p/" + QM + "/p2p-circuit/p2p/" + ED, ma("/p2p/" + QM + "/p2p-circuit").withPeerId(ed)
                .toString());
        assertEquals(Optional.of(ed), ma("/ip4/1.2.3.4/tcp/1").withPeerId(ed).peerId());
    }

    @Test
    void withoutPeerIdDropsOnlyATrailingId() {
        Multiaddr plain = ma("/ip4/1.2.3.4/tcp/1");
        assertSame(plain, plain.withoutPeerId());
        assertEquals(plain, ma("/ip4/1.2.3.4/tcp/1/p2p/" + QM).withoutPeerId());
        assertEquals(ma("/p2p/" + QM + "/p2p-circuit"), ma("/p2p/" + QM + "/p2p-circuit/p2p/" + ED).withoutPeerId());
        Multiaddr empty = ma("/p2p/" + QM).withoutPeerId();
        assertEquals("", empty.toString());
        assertEquals(List.of(), empty.components());
        assertArrayEquals(new byte[0], empty.toBytes());
    }

    @Test
    void encapsulateJoinsAndDecapsulateCutsAtTheLastOccurrence() {
        // go-multiaddr TestEncapsulate
        Multiaddr joined = ma("/ip4/127.0.0.1/udp/1234").encapsulate(ma("/udp/5678"));
        assertEquals("/ip4/127.0.0.1/udp/1234/udp/5678", joined.toString());
        assertEquals("/ip4/127.0.0.1/udp/1234", joined.decapsulate(ma("/udp/5678")).toString());
        assertEquals("", joined.decapsulate(ma("/ip4/127.0.0.1")).toString());
        assertEquals(joined, ma("/ip4/127.0.0.1").encapsulate(ma("/udp/1234/udp/5678")));
    }

    @ParameterizedTest(name = "{0} minus {1}")
    @CsvSource({
        // go-multiaddr TestDecapsulate
        "/ip4/1.2.3.4/tcp/1234, /ip4/1.2.3.4, ''",
        "/ip4/1.2.3.4, /ip4/1.2.3.4/tcp/1234, /ip4/1.2.3.4",
        "/ip4/1.2.3.5/tcp/1234, /ip4/5.3.2.1, /ip4/1.2.3.5/tcp/1234",
        "/ip4/1.2.3.5/udp/1234/quic-v1, /udp/1234, /ip4/1.2.3.5",
        "/ip4/1.2.3.6/udp/1234/quic-v1, /udp/1234/quic-v1, /ip4/1.2.3.6",
        "/ip4/1.2.3.7/tcp/1234, /ws, /ip4/1.2.3.7/tcp/1234",
        "/dnsaddr/wss.com/tcp/4001, /ws, /dnsaddr/wss.com/tcp/4001",
        "/dnsaddr/wss.com/tcp/4001/ws, /wss, /dnsaddr/wss.com/tcp/4001/ws",
        "/dnsaddr/wss.com/ws, /wss, /dnsaddr/wss.com/ws",
        "/dnsaddr/wss.com/ws, /dnsaddr/wss.com, ''",
        "/dnsaddr/wss.com/tcp/4001/wss, /wss, /dnsaddr/wss.com/tcp/4001",
        // go-multiaddr TestDecapsulateComment
        "/ip4/1.2.3.4/tcp/80, /tcp/80, /ip4/1.2.3.4",
        "/ip4/1.2.3.4/tcp/80, /udp/80, /ip4/1.2.3.4/tcp/80",
        // the value matters, not only the protocol; the last occurrence wins
        "/ip4/1.2.3.4/tcp/80, /tcp/81, /ip4/1.2.3.4/tcp/80",
        "/ip4/1.1.1.1/tcp/1/ip4/1.1.1.1/tcp/1/ws, /ip4/1.1.1.1/tcp/1, /ip4/1.1.1.1/tcp/1",
    })
    void decapsulateByAddress(String left, String right, String expected) {
        assertEquals(expected, ma(left).decapsulate(ma(right)).toString());
    }

    @Test
    void decapsulateByProtocol() {
        Multiaddr relay = ma("/ip4/1.2.3.4/tcp/1/p2p/" + QM + "/p2p-circuit/p2p/" + ED);
        assertEquals("/ip4/1.2.3.4/tcp/1/p2p/" + QM, relay.decapsulate(MultiaddrProtocol.P2P_CIRCUIT).toString());
        assertEquals("/ip4/1.2.3.4/tcp/1/p2p/" + QM + "/p2p-circuit",
                relay.decapsulate(MultiaddrProtocol.P2P).toString(), "cut at the last /p2p");
        assertEquals("/ip4/1.2.3.4", relay.decapsulate(MultiaddrProtocol.TCP).toString());
        assertEquals("", relay.decapsulate(MultiaddrProtocol.IP4).toString());
        assertSame(relay, relay.decapsulate(MultiaddrProtocol.UDP));
    }

    @Test
    void encapsulateRefusesToExceedTheSizeLimit() {
        Multiaddr big = ma("/dns/" + "a".repeat(250) + "/dns/" + "b".repeat(250) + "/dns/" + "c".repeat(250));
        assertEquals(759, big.toBytes().length);
        assertRefused(() -> big.encapsulate(big), "1518 bytes", "exceeds 1024");
    }

    @Test
    void socketAddressOfIp4AndIp6() throws Exception {
        InetSocketAddress v4 = ma("/ip4/192.0.2.42/tcp/443/tls/ws/p2p/" + QM).toSocketAddress().orElseThrow();
        assertEquals(new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 42}), 443), v4);
        assertTrue(v4.getAddress() instanceof Inet4Address);

        InetSocketAddress v6 = ma("/ip6/2001:db8::1/tcp/8080").toSocketAddress().orElseThrow();
        assertEquals(InetAddress.getByName("2001:db8::1"), v6.getAddress());
        assertEquals(8080, v6.getPort());
        assertFalse(v6.isUnresolved());

        InetSocketAddress udp = ma("/ip6/::1/udp/4001/quic-v1").toSocketAddress().orElseThrow();
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 4001), udp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dns", "dns4", "dns6"})
    void dnsNamesStayUnresolved(String protocol) {
        InetSocketAddress a = ma("/" + protocol + "/bootstrap.libp2p.invalid/tcp/4001/p2p/" + QM).toSocketAddress()
                .orElseThrow();
        assertTrue(a.isUnresolved());
        assertEquals("bootstrap.libp2p.invalid", a.getHostString());
        assertEquals(4001, a.getPort());
    }

    @Test
    void numericIp6ZoneBecomesTheScopeId() throws Exception {
        InetSocketAddress a = ma("/ip6zone/3/ip6/fe80::1/tcp/22").toSocketAddress().orElseThrow();
        Inet6Address ip = (Inet6Address) a.getAddress();
        assertEquals(3, ip.getScopeId());
        assertEquals(22, a.getPort());
        // an interface name that does not exist leaves the address unscoped rather than failing
        InetSocketAddress named = ma("/ip6zone/nonexistent0/ip6/fe80::1/tcp/22").toSocketAddress().orElseThrow();
        assertEquals(InetAddress.getByName("fe80::1").getHostAddress(), named.getAddress().getHostAddress());
    }

    @Test
    void namedZoneOfAnInterfaceWithoutAnAddressOfThatScopeLeavesTheAddressUnscoped() throws Exception {
        // The JDK cannot scope fe80::1 (link-local) or fec0::1 (site-local) to an interface that has no address of
        // that scope, the loopback interface say; the address must then come back unscoped, not as an exception.
        List<String> names = NetworkInterface.networkInterfaces().map(NetworkInterface::getName).toList();
        assumeTrue(!names.isEmpty(), "no network interfaces");
        for (String name : names) {
            for (String ip : List.of("fe80::1", "fec0::1", "2001:db8::1")) {
                String text = "/ip6zone/" + name + "/ip6/" + ip + "/udp/4001";
                InetSocketAddress a = ma(text).toSocketAddress().orElseThrow();
                assertEquals(4001, a.getPort(), text);
                assertArrayEquals(InetAddress.getByName(ip).getAddress(), a.getAddress().getAddress(), text);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/dnsaddr/bootstrap.libp2p.io",
        "/dnsaddr/bootstrap.libp2p.io/tcp/4001",
        "/p2p/" + QM,
        "/p2p/" + QM + "/p2p-circuit/p2p/" + ED,
        "/ip4/1.2.3.4",
        "/tcp/1234",
        "/ip4/1.2.3.4/ws",
        "/ip4/1.2.3.4/sctp/1",
        "/ip6zone/eth0",
        "/sni/example.com/tcp/443",
    })
    void noSocketAddressWithoutAHostAndPortPrefix(String text) {
        assertEquals(Optional.empty(), ma(text).toSocketAddress());
    }

    @Test
    void noSocketAddressForTheEmptyAddress() {
        assertEquals(Optional.empty(), ma("/p2p/" + QM).withoutPeerId().toSocketAddress());
    }

    @Test
    void fromSocketAddressOfLiteralAndUnresolvedAddresses() throws Exception {
        assertEquals("/ip4/127.0.0.1/tcp/4001",
                Multiaddr.fromSocketAddress(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4001))
                        .toString());
        assertEquals("/ip6/2001:db8::1/tcp/443",
                Multiaddr.fromSocketAddress(new InetSocketAddress(InetAddress.getByName("2001:0db8:0:0::1"), 443))
                        .toString());
        assertEquals("/dns/example.invalid/tcp/80",
                Multiaddr.fromSocketAddress(InetSocketAddress.createUnresolved("example.invalid", 80)).toString());
        assertEquals("/ip4/0.0.0.0/tcp/0", Multiaddr.fromSocketAddress(new InetSocketAddress(
                InetAddress.getByName("0.0.0.0"), 0)).toString());
    }

    @Test
    void socketAddressRoundTrips() {
        for (String text : List.of("/ip4/10.1.2.3/tcp/65535", "/ip6/fe80::abcd/tcp/1", "/dns/x.invalid/tcp/9")) {
            Multiaddr a = ma(text);
            assertEquals(a, Multiaddr.fromSocketAddress(a.toSocketAddress().orElseThrow()), text);
        }
    }
}
