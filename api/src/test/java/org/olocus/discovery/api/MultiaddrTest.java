package org.olocus.discovery.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.olocus.discovery.api.Vectors.hex;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Multiaddr text ⇄ binary against published vectors; canonical text output. */
class MultiaddrTest {
    private static final String QM = Vectors.GO_SHA256_BASE58;
    private static final String QM_HEX = "a503221220d52ebb89d85b02a284948203a62ff28389c57c9f42beec4ec20db76a68911c0b";

    static void assertVector(String text, String hexBytes) {
        Multiaddr parsed = Multiaddr.parse(text);
        assertEquals(hexBytes, hex(parsed.toBytes()), "text → bytes of " + text);
        assertEquals(text, parsed.toString(), "text → text of " + text);
        Multiaddr decoded = Multiaddr.fromBytes(hex(hexBytes));
        assertEquals(text, decoded.toString(), "bytes → text of " + text);
        assertEquals(parsed, decoded);
        assertEquals(parsed.hashCode(), decoded.hashCode());
    }

    /** Vectors published by the multiaddr spec (test/multiaddr.feature), rust-multiaddr and go-multiaddr tests. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // multiformats/multiaddr test/multiaddr.feature
        "/ip4/192.0.2.42/tcp/443, 04c000022a0601bb",
        // go-multiaddr TestStringToBytes / TestBytesToString
        "/ip4/127.0.0.1/udp/1234, 047f000001910204d2",
        "/ip4/127.0.0.1/tcp/4321, 047f0000010610e1",
        "/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321, 047f000001910204d2047f0000010610e1",
        // go-multiaddr TestZone
        "/ip6zone/eth0/ip6/::1, 2a04657468302900000000000000000000000000000001",
        // rust-multiaddr tests/lib.rs construct_success
        "/ip4/1.2.3.4, 0401020304",
        "/ip4/0.0.0.0, 0400000000",
        "/ip6/::1, 2900000000000000000000000000000001",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21, 29260100094f819700803eca6566e80c21",
        "/ip6/fe80::9700:803e:ca65:66e8:c21/ip6zone/wlan0, 29fe80000000009700803eca6566e80c212a05776c616e30",
        "/udp/0, 91020000",
        "/tcp/0, 060000",
        "/sctp/0, 84010000",
        "/udp/1234, 910204d2",
        "/tcp/1234, 0604d2",
        "/sctp/1234, 840104d2",
        "/udp/65535, 9102ffff",
        "/tcp/65535, 06ffff",
        "/p2p/" + QM + ", " + QM_HEX,
        "/udp/1234/sctp/1234, 910204d2840104d2",
        "/tcp/1234/http, 0604d2e003",
        "/tcp/1234/tls/http, 0604d2c003e003",
        "/tcp/1234/https, 0604d2bb03",
        "/p2p/" + QM + "/tcp/1234, " + QM_HEX + "0604d2",
        "/ip4/127.0.0.1/udp/0, 047f00000191020000",
        "/ip4/127.0.0.1/tcp/1234, 047f0000010604d2",
        "/ip4/127.0.0.1/p2p/" + QM + ", 047f000001" + QM_HEX,
        "/ip4/127.0.0.1/p2p/" + QM + "/tcp/1234, 047f000001" + QM_HEX + "0604d2",
        "/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095/tcp/8000/ws/p2p/" + QM
                + ", 29200108a07ac542013ac986fffe317095061f40dd03" + QM_HEX,
        "/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095/tcp/8000/wss/p2p/" + QM
                + ", 29200108a07ac542013ac986fffe317095061f40de03" + QM_HEX,
        "/ip4/127.0.0.1/tcp/9090/p2p-circuit/p2p/" + QM + ", 047f000001062382a202" + QM_HEX,
        "/dnsaddr/sjc-1.bootstrap.libp2p.io, 3819736a632d312e626f6f7473747261702e6c69627032702e696f",
        "/dnsaddr/sjc-1.bootstrap.libp2p.io/tcp/1234/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN, "
                + "3819736a632d312e626f6f7473747261702e6c69627032702e696f0604d2a50322122006b3608aa000274049eb28ad8e7"
                + "93a26ff6fab281a7d3bd77cd18eb745dfaabb",
        "/ip4/127.0.0.1/tcp/127/ws, 047f00000106007fdd03",
        "/ip4/127.0.0.1/tcp/127/tls, 047f00000106007fc003",
        "/ip4/127.0.0.1/tcp/127/tls/ws, 047f00000106007fc003dd03",
        "/ip4/127.0.0.1/tcp/127/noise, 047f00000106007fc603",
        "/ip4/127.0.0.1/udp/1234/quic/webtransport, 047f000001910204d2cc03d103",
    })
    void publishedVectors(String text, String hexBytes) {
        assertVector(text, hexBytes);
    }

    /**
     * Protocols the published suites leave without a hex vector (dns, dns4, dns6, sni, quic-v1, identity peer ids,
     * RFC 5952 ip6 text), encoded by hand from the multiaddr table: varint code, then the value (length-prefixed
     * when variable-size).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/ip6/2001:db8::1/tcp/8080, 2920010db8000000000000000000000001061f90",
        "/ip6/::1/tcp/4001, 2900000000000000000000000000000001060fa1",
        "/ip6/::/udp/0, 290000000000000000000000000000000091020000",
        "/ip6/fe80::1/tcp/1, 29fe800000000000000000000000000001060001",
        "/dns/bootstrap.libp2p.io/tcp/443/wss, 3513626f6f7473747261702e6c69627032702e696f0601bbde03",
        "/dns4/example.com/tcp/443/tls/sni/example.com/ws, "
                + "360b6578616d706c652e636f6d0601bbc003c1030b6578616d706c652e636f6ddd03",
        "/dns6/ipv6.example.org/udp/4001/quic-v1/p2p/" + Vectors.GO_ED25519_BASE58 + ", "
                + "3710697076362e6578616d706c652e6f726791020fa1cd03a503260024080112202d3de6d16ae87f7a933fe1552162a2"
                + "d3f04951e90e8051e4ee2c18f002dd0fb4",
        "/ip4/127.0.0.1/tcp/4001/p2p/" + Vectors.RUST_ED25519_ID + ", 047f000001060fa1a50326002408011220"
                + Vectors.RUST_ED25519_PUBLIC,
        "/ip4/147.75.83.83/udp/4001/quic-v1/p2p/QmbLHAnMoJPWSCR5Zhtx6BHJX9KiKNN6tpvbUcqanj75Nb/p2p-circuit/p2p/"
                + Vectors.RUST_ED25519_ID + ", 04934b535391020fa1cd03a503221220c10f9319dac35c270a6b74cd644cb3acfc1"
                + "f6efc8c821f8eb282599fd1814f64a202a503260024080112" + "20" + Vectors.RUST_ED25519_PUBLIC,
        "/dns4/localhost/tcp/1, 36096c6f63616c686f7374060001",
        "/ip4/1.2.3.4/tcp/80/tls/sni/example.com/http, 0401020304060050c003c1030b6578616d706c652e636f6de003",
        "/ip4/1.2.3.4/udp/4001/quic-v1/webtransport, 040102030491020fa1cd03d103",
        "/dccp/1/sctp/2, 21000184010002",
        "/ip6zone/x%y/ip6/fe80::1/udp/1234/quic-v1, 2a0378257929fe800000000000000000000000000001910204d2cd03",
        "/ip6/::ffff:127.0.0.1/tcp/111, 2900000000000000000000ffff7f00000106006f",
    })
    void vectorsDerivedFromTheProtocolTable(String text, String hexBytes) {
        assertVector(text, hexBytes);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        // the old /ipfs name reads as p2p and prints as p2p (go-multiaddr TestIPFSvP2P)
        "/ipfs/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP, /p2p/QmbHVEEepCi7rn7VL7Exxpd2Ci9NNB6ifvqwhsrbRMgQFP",
        "/ip4/127.0.0.1/ipfs/" + QM + "/tcp/1234, /ip4/127.0.0.1/p2p/" + QM + "/tcp/1234",
        // CID peer ids print as base58 (go-multiaddr "good" list)
        "/p2p/" + Vectors.GO_SHA256_CID + ", /p2p/" + QM,
        "/p2p/" + Vectors.GO_ED25519_CID + ", /p2p/" + Vectors.GO_ED25519_BASE58,
        // RFC 5952: lower case, no leading zeros, longest zero run (first on a tie) as ::, never a single group
        "/ip6/2001:0db8:0000:0000:0000:0000:0000:0001/tcp/8080, /ip6/2001:db8::1/tcp/8080",
        "/ip6/2001:DB8::1, /ip6/2001:db8::1",
        "/ip6/0:0:0:0:0:0:0:1, /ip6/::1",
        "/ip6/0:0:0:0:0:0:0:0, /ip6/::",
        "/ip6/1:0:0:0:0:0:0:0, /ip6/1::",
        "/ip6/2001:db8:0:0:1:0:0:1, /ip6/2001:db8::1:0:0:1",
        "/ip6/2001:0:0:1:0:0:0:1, /ip6/2001:0:0:1::1",
        "/ip6/2001:db8:0:1:1:1:1:1, /ip6/2001:db8:0:1:1:1:1:1",
        "/ip6/2001:db8::0:1, /ip6/2001:db8::1",
        "/ip6/::ffff:7f00:1, /ip6/::ffff:127.0.0.1",
        "/ip6/::FFFF:192.0.2.1, /ip6/::ffff:192.0.2.1",
        // IPv4-compatible (deprecated) addresses are not mixed notation
        "/ip6/::1.2.3.4, /ip6/::102:304",
        // a trailing slash is tolerated (go-multiaddr "good" list) and ports lose leading zeros
        "/ip4/127.0.0.1/tcp/1234/, /ip4/127.0.0.1/tcp/1234",
        "/tcp/0080, /tcp/80",
    })
    void nonCanonicalTextPrintsCanonically(String input, String canonical) {
        Multiaddr a = Multiaddr.parse(input);
        assertEquals(canonical, a.toString());
        assertEquals(a, Multiaddr.parse(canonical));
        assertEquals(a, Multiaddr.fromBytes(a.toBytes()));
    }

    @Test
    void componentsExposeProtocolsAndValues() {
        Multiaddr a = Multiaddr.parse("/ip6zone/eth0/ip6/fe80::1/udp/4001/quic-v1/p2p/" + QM);
        List<Multiaddr.Component> cs = a.components();
        assertEquals(List.of(MultiaddrProtocol.IP6ZONE, MultiaddrProtocol.IP6, MultiaddrProtocol.UDP,
                MultiaddrProtocol.QUIC_V1, MultiaddrProtocol.P2P), cs.stream().map(Multiaddr.Component::protocol)
                .toList());
        assertEquals("eth0", cs.get(0).valueText());
        assertEquals("fe80::1", cs.get(1).valueText());
        assertEquals("4001", cs.get(2).valueText());
        assertEquals("", cs.get(3).valueText());
        assertEquals(QM, cs.get(4).valueText());
        assertArrayEquals(new byte[] {0x0f, (byte) 0xa1}, cs.get(2).value());
        assertEquals("/udp/4001", cs.get(2).toString());
        assertEquals("/quic-v1", cs.get(3).toString());
        assertTrue(a.has(MultiaddrProtocol.QUIC_V1));
        assertFalse(a.has(MultiaddrProtocol.TCP));
        cs.get(2).value()[0] = 0;
        assertEquals("4001", a.components().get(2).valueText(), "component values are copies");
    }

    @Test
    void protocolTableMatchesTheMultiformatsCodes() {
        assertEquals(4, MultiaddrProtocol.IP4.code());
        assertEquals(41, MultiaddrProtocol.IP6.code());
        assertEquals(273, MultiaddrProtocol.UDP.code());
        assertEquals(290, MultiaddrProtocol.P2P_CIRCUIT.code());
        assertEquals(421, MultiaddrProtocol.P2P.code());
        assertEquals(461, MultiaddrProtocol.QUIC_V1.code());
        assertEquals(MultiaddrProtocol.P2P, MultiaddrProtocol.byName("ipfs"));
        assertEquals(MultiaddrProtocol.P2P, MultiaddrProtocol.byName("p2p"));
        assertEquals(null, MultiaddrProtocol.byName("IP4"));
        assertEquals(null, MultiaddrProtocol.byCode(5));
        assertEquals(null, MultiaddrProtocol.byCode(1L << 40));
        for (MultiaddrProtocol p : MultiaddrProtocol.values()) {
            assertEquals(p, MultiaddrProtocol.byCode(p.code()));
            assertEquals(p, MultiaddrProtocol.byName(p.protocolName()));
        }
        assertEquals(4, MultiaddrProtocol.IP4.fixedSizeBytes());
        assertEquals(16, MultiaddrProtocol.IP6.fixedSizeBytes());
        assertTrue(MultiaddrProtocol.DNS.isVariableSize());
        assertFalse(MultiaddrProtocol.WS.hasValue());
    }

    @Test
    void equalityIsByBinaryForm() {
        Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/tcp/1234");
        assertEquals(a, Multiaddr.fromBytes(hex("047f0000010604d2")));
        assertNotEquals(a, Multiaddr.parse("/ip4/127.0.0.1/udp/1234"));
        assertNotEquals(a, Multiaddr.parse("/ip4/127.0.0.1/tcp/1235"));
        assertNotEquals(a, "/ip4/127.0.0.1/tcp/1234");
        assertNotEquals(a, null);
        byte[] bytes = a.toBytes();
        bytes[1] = 10;
        assertEquals("/ip4/127.0.0.1/tcp/1234", a.toString(), "toBytes is a copy");
        byte[] input = hex("047f0000010604d2");
        Multiaddr b = Multiaddr.fromBytes(input);
        input[1] = 10;
        assertEquals(a, b, "fromBytes copies its input");
    }
}
