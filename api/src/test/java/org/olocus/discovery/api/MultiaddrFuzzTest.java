package org.olocus.discovery.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Random and mutated input: decoders either succeed (and then round-trip) or throw IllegalArgumentException;
 * nothing else may escape (no ArrayIndexOutOfBounds, NumberFormat, NegativeArraySize, ...).
 */
class MultiaddrFuzzTest {
    private static final long SEED = 0x01_0c_05_d15cL;

    private static final List<String> SEEDS = List.of(
            "/ip4/127.0.0.1/tcp/4001/p2p/" + Vectors.GO_SHA256_BASE58,
            "/ip6/2001:db8::1/udp/4001/quic-v1/p2p/" + Vectors.GO_ED25519_BASE58,
            "/ip6zone/eth0/ip6/fe80::1/tcp/22",
            "/dns4/example.com/tcp/443/tls/sni/example.com/ws",
            "/dnsaddr/bootstrap.libp2p.io/p2p/" + Vectors.SPEC_SHA256_BASE58,
            "/p2p/" + Vectors.GO_SHA256_BASE58 + "/p2p-circuit/p2p/" + Vectors.RUST_ED25519_ID,
            "/ip4/1.2.3.4/udp/1/quic/webtransport/noise/https/http/wss/dccp/5/sctp/6",
            "/dns6/a.b/tcp/1/dns/c.d/udp/2");

    /** Decodes {@code input}; on success checks every view of the result and the round trips. */
    static void decodeOrRefuse(byte[] input) {
        Multiaddr a;
        try {
            a = Multiaddr.fromBytes(input);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isEmpty(), "refusal without a message");
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("fromBytes(" + HexFormat.of().formatHex(input) + ") threw " + e, e);
        }
        try {
            assertArrayEquals(input, a.toBytes());
            String text = a.toString();
            Multiaddr reparsed = Multiaddr.parse(text);
            assertArrayEquals(input, reparsed.toBytes(), "bytes → text → bytes of " + text);
            assertEquals(text, reparsed.toString());
            a.components().forEach(c -> c.valueText());
            a.peerId();
            a.toSocketAddress();
            a.withoutPeerId();
            a.decapsulate(MultiaddrProtocol.TCP);
        } catch (RuntimeException e) {
            throw new AssertionError("accepted " + HexFormat.of().formatHex(input) + " but then threw " + e, e);
        }
    }

    static void parseOrRefuse(String text) {
        Multiaddr a;
        try {
            a = Multiaddr.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("parse(" + text + ") threw " + e, e);
        }
        assertEquals(a, Multiaddr.fromBytes(a.toBytes()), text);
        assertEquals(a, Multiaddr.parse(a.toString()), text);
    }

    @Test
    void tenThousandRandomByteArrays() {
        Random random = new Random(SEED);
        for (int i = 0; i < 10_000; i++) {
            byte[] input = new byte[1 + random.nextInt(i % 10 == 0 ? 200 : 40)];
            random.nextBytes(input);
            if (i % 2 == 0) {
                // start with a known protocol code so that decoding goes deeper than the first varint
                MultiaddrProtocol p = MultiaddrProtocol.values()[random.nextInt(MultiaddrProtocol.values().length)];
                int code = p.code();
                byte[] varint = code < 0x80 ? new byte[] {(byte) code}
                        : new byte[] {(byte) (code & 0x7f | 0x80), (byte) (code >>> 7)};
                System.arraycopy(varint, 0, input, 0, Math.min(varint.length, input.length));
            }
            decodeOrRefuse(input);
        }
    }

    @Test
    void tenThousandMutationsOfValidEncodings() {
        Random random = new Random(SEED + 1);
        List<byte[]> valid = SEEDS.stream().map(s -> Multiaddr.parse(s).toBytes()).toList();
        for (int i = 0; i < 10_000; i++) {
            byte[] input = mutate(valid.get(random.nextInt(valid.size())), random);
            if (input.length > 0) {
                decodeOrRefuse(input);
            }
        }
    }

    @Test
    void mutationsOfValidText() {
        Random random = new Random(SEED + 2);
        String alphabet = "/0123456789abcdefABCDEF:.%-_pQmzb ipdnstcuw\u00e9\u0000";
        for (int i = 0; i < 10_000; i++) {
            StringBuilder text = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
            for (int m = 1 + random.nextInt(3); m > 0 && text.length() > 0; m--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.deleteCharAt(at);
                    default -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            parseOrRefuse(text.toString());
        }
    }

    @Test
    void randomBytesAsPeerIdsAndPublicKeys() {
        Random random = new Random(SEED + 3);
        for (int i = 0; i < 10_000; i++) {
            byte[] input = new byte[random.nextInt(80)];
            random.nextBytes(input);
            if (i % 3 == 0 && input.length > 2) {
                input[0] = (byte) (random.nextBoolean() ? 0x00 : 0x12);
                input[1] = (byte) (input.length - 2);
            }
            try {
                PeerId id = PeerId.fromBytes(input);
                assertEquals(id, PeerId.fromString(id.toBase58()));
                assertEquals(id, PeerId.fromString(id.toCid()));
                id.inlinePublicKey();
            } catch (IllegalArgumentException refused) {
                // fine
            } catch (RuntimeException e) {
                fail("PeerId.fromBytes(" + HexFormat.of().formatHex(input) + ") threw " + e, e);
            }
            try {
                PeerPublicKey key = PeerPublicKey.fromProtobuf(input);
                assertEquals(key, PeerPublicKey.fromProtobuf(key.toProtobuf()));
            } catch (IllegalArgumentException refused) {
                // fine
            } catch (RuntimeException e) {
                fail("PeerPublicKey.fromProtobuf(" + HexFormat.of().formatHex(input) + ") threw " + e, e);
            }
        }
    }

    static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        int kind = random.nextInt(6);
        switch (kind) {
            case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8)); // flip one bit
            case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256); // replace a byte
            case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length)); // truncate
            case 3 -> { // insert a random byte
                int at = random.nextInt(b.length + 1);
                byte[] out = new byte[b.length + 1];
                System.arraycopy(b, 0, out, 0, at);
                out[at] = (byte) random.nextInt(256);
                System.arraycopy(b, at, out, at + 1, b.length - at);
                b = out;
            }
            case 4 -> { // delete a byte
                int at = random.nextInt(b.length);
                byte[] out = new byte[b.length - 1];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + 1, out, at, b.length - at - 1);
                b = out;
            }
            default -> { // append random bytes
                byte[] tail = new byte[1 + random.nextInt(8)];
                random.nextBytes(tail);
                b = Arrays.copyOf(b, b.length + tail.length);
                System.arraycopy(tail, 0, b, b.length - tail.length, tail.length);
            }
        }
        return random.nextInt(4) == 0 ? mutate(b.length == 0 ? valid : b, random) : b;
    }
}
