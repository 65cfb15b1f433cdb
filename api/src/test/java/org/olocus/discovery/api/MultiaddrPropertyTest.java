package org.olocus.discovery.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import org.olocus.discovery.api.internal.Ip6Addresses;
import org.olocus.discovery.api.internal.Reference;

/**
 * Generated multiaddrs: the generator writes both the canonical text and the binary form (with the reference
 * encoders), and the codec must agree with both in both directions.
 */
class MultiaddrPropertyTest {

    /** One component written by the generator: canonical text and binary form. */
    record Part(String text, byte[] bytes) {
        static Part of(MultiaddrProtocol p, String valueText, byte[] value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(Reference.varint(p.code()));
            if (p.isVariableSize()) {
                out.writeBytes(Reference.varint(value.length));
            }
            out.writeBytes(value);
            return new Part("/" + p.protocolName() + (p.hasValue() ? "/" + valueText : ""), out.toByteArray());
        }

        static Part join(List<Part> parts) {
            StringBuilder text = new StringBuilder();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (Part p : parts) {
                text.append(p.text);
                bytes.writeBytes(p.bytes);
            }
            return new Part(text.toString(), bytes.toByteArray());
        }

        @Override
        public String toString() {
            return text;
        }
    }

    @Property(tries = 1500)
    void textToBytesToText(@ForAll("anyAddress") Part expected) {
        Multiaddr parsed = Multiaddr.parse(expected.text());
        assertArrayEquals(expected.bytes(), parsed.toBytes());
        assertEquals(expected.text(), parsed.toString());
        assertEquals(expected.text(), Multiaddr.fromBytes(parsed.toBytes()).toString());
    }

    @Property(tries = 1500)
    void bytesToTextToBytes(@ForAll("anyAddress") Part expected) {
        Multiaddr decoded = Multiaddr.fromBytes(expected.bytes());
        assertEquals(expected.text(), decoded.toString());
        assertArrayEquals(expected.bytes(), Multiaddr.parse(decoded.toString()).toBytes());
        assertEquals(decoded, Multiaddr.parse(expected.text()));
    }

    @Property(tries = 1000)
    void dialableAddressesYieldTheirPeerAndSocket(@ForAll("dialable") Part expected) {
        Multiaddr a = Multiaddr.parse(expected.text());
        assertTrue(a.toSocketAddress().isPresent(), expected.text());
        assertTrue(a.peerId().isPresent(), expected.text());
        PeerId id = a.peerId().orElseThrow();
        assertEquals(a, a.withoutPeerId().withPeerId(id));
        assertEquals(a.withoutPeerId(), a.decapsulate(MultiaddrProtocol.P2P));
        Multiaddr transport = a.withoutPeerId();
        assertEquals(a, transport.encapsulate(Multiaddr.parse("/p2p/" + id)));
        assertEquals(transport, a.decapsulate(Multiaddr.parse("/p2p/" + id)));
    }

    @Property(tries = 1000)
    void arbitraryBytesAreRefusedOrRoundTrip(@ForAll("noise") byte[] bytes) {
        Multiaddr a;
        try {
            a = Multiaddr.fromBytes(bytes);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertArrayEquals(bytes, Multiaddr.parse(a.toString()).toBytes());
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<Part> anyAddress() {
        return component().list().ofMinSize(1).ofMaxSize(8).map(Part::join).filter(p -> p.bytes().length <= 1024);
    }

    @Provide
    Arbitrary<Part> dialable() {
        Arbitrary<Part> host = Arbitraries.oneOf(ip4(), ip6(), dnsName(MultiaddrProtocol.DNS),
                dnsName(MultiaddrProtocol.DNS4), dnsName(MultiaddrProtocol.DNS6));
        Arbitrary<Part> transport = Arbitraries.oneOf(
                port(MultiaddrProtocol.TCP),
                Combinators.combine(port(MultiaddrProtocol.TCP), Arbitraries.of("/tls/ws", "/wss", "/noise", "/ws",
                        "/tls/sni/example.com/ws")).as((tcp, rest) -> tcpWith(tcp, rest)),
                port(MultiaddrProtocol.UDP).map(udp -> Part.join(List.of(udp, bare(MultiaddrProtocol.QUIC_V1)))));
        return Combinators.combine(host, transport, peer()).as((h, t, p) -> Part.join(List.of(h, t, p)));
    }

    private static Part tcpWith(Part tcp, String rest) {
        return Part.join(List.of(tcp, new Part(rest, Multiaddr.parse(rest).toBytes())));
    }

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<byte[]> prefix = anyAddress().map(Part::bytes);
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(12);
        return Combinators.combine(prefix, tail).as((p, t) -> {
            byte[] out = new byte[p.length + t.length];
            System.arraycopy(p, 0, out, 0, p.length);
            System.arraycopy(t, 0, out, p.length, t.length);
            return out;
        });
    }

    Arbitrary<Part> component() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, ip4()), Tuple.of(3, ip6()),
                Tuple.of(3, Arbitraries.of(MultiaddrProtocol.TCP, MultiaddrProtocol.UDP, MultiaddrProtocol.DCCP,
                        MultiaddrProtocol.SCTP).flatMap(MultiaddrPropertyTest::port)),
                Tuple.of(3, Arbitraries.of(MultiaddrProtocol.DNS, MultiaddrProtocol.DNS4, MultiaddrProtocol.DNS6,
                        MultiaddrProtocol.DNSADDR, MultiaddrProtocol.SNI).flatMap(MultiaddrPropertyTest::dnsName)),
                Tuple.of(1, zone()),
                Tuple.of(2, peer()),
                Tuple.of(3, Arbitraries.of(MultiaddrProtocol.values()).filter(p -> !p.hasValue())
                        .map(MultiaddrPropertyTest::bare)));
    }

    static Part bare(MultiaddrProtocol p) {
        return Part.of(p, "", new byte[0]);
    }

    static Arbitrary<Part> ip4() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> Part.of(MultiaddrProtocol.IP4,
                (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF), b));
    }

    static Arbitrary<Part> ip6() {
        return Ip6Addresses.bytes().map(b -> Part.of(MultiaddrProtocol.IP6, Reference.ip6(b), b));
    }

    static Arbitrary<Part> port(MultiaddrProtocol p) {
        return Arbitraries.integers().between(0, 65535).edgeCases(c -> c.includeOnly(0, 1, 80, 65535))
                .map(n -> Part.of(p, Integer.toString(n), new byte[] {(byte) (n >> 8), (byte) (int) n}));
    }

    static Arbitrary<Part> dnsName(MultiaddrProtocol p) {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> unicodeLabel = Arbitraries.strings().withChars("äöüßéñ日本語мир").ofMinLength(1)
                .ofMaxLength(6);
        return Arbitraries.frequencyOf(Tuple.of(6, label), Tuple.of(1, unicodeLabel)).list().ofMinSize(1)
                .ofMaxSize(5).map(ls -> String.join(".", ls))
                .map(name -> Part.of(p, name, name.getBytes(StandardCharsets.UTF_8)));
    }

    static Arbitrary<Part> zone() {
        return Arbitraries.strings().withChars("abcdefxyz0123456789%-_.").ofMinLength(1).ofMaxLength(12)
                .map(z -> Part.of(MultiaddrProtocol.IP6ZONE, z, z.getBytes(StandardCharsets.UTF_8)));
    }

    /** Peer ids of random Ed25519 keys (identity multihash), random SHA-256 digests and small inlined keys. */
    static Arbitrary<Part> peer() {
        Arbitrary<byte[]> ed25519 = Arbitraries.bytes().array(byte[].class).ofSize(32)
                .map(k -> PeerPublicKey.of(KeyType.ED25519, k).toProtobuf())
                .map(pb -> concat(new byte[] {0x00, (byte) pb.length}, pb));
        Arbitrary<byte[]> sha256 = Arbitraries.bytes().array(byte[].class).ofSize(32)
                .map(d -> concat(new byte[] {0x12, 0x20}, d));
        Arbitrary<byte[]> inlineEcdsa = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(38)
                .map(k -> PeerPublicKey.of(KeyType.ECDSA, k).toProtobuf())
                .map(pb -> concat(new byte[] {0x00, (byte) pb.length}, pb));
        return Arbitraries.oneOf(ed25519, sha256, inlineEcdsa)
                .map(id -> Part.of(MultiaddrProtocol.P2P, Reference.base58(id), id));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
