package org.olocus.discovery.transport.internal.identify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.olocus.discovery.transport.internal.TestProtobuf.proto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;


import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.KeyType;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.ProtocolViolationException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class SignedEnvelopeTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] TYPE = {0x03, 0x01};
    private static final byte[] PAYLOAD = "hello record".getBytes(StandardCharsets.UTF_8);
    private final Ed25519TestPeer peer = new Ed25519TestPeer();

    /** A peer record envelope sealed by js-libp2p 3.3 (@libp2p/peer-record) with the key of seed 32 × 0x09. */
    static final String JS_ENVELOPE = "0a2408011220fd1724385aa0c75b64fb78cd602fa1d991fdebf76b13c58ed702eac835e9f6"
            + "18120203011a530a26002408011220fd1724385aa0c75b64fb78cd602fa1d991fdebf76b13c58ed702eac835e9f61810fbd0"
            + "95ffbc311a0a0a08047f000001060fa11a160a142900000000000000000000000000000001060fa22a40bb55153a7ca863de"
            + "06442bfd1b99ab5f9f3b03ae99ae69963b48d010e1b3fce3f6d27e4f97e0f9e69302ef813f6d8d44e94f6bba6b6da40096d5"
            + "3853decf220e";
    static final String JS_RECORD = "0a26002408011220fd1724385aa0c75b64fb78cd602fa1d991fdebf76b13c58ed702eac835e9f6"
            + "1810fbd095ffbc311a0a0a08047f000001060fa11a160a142900000000000000000000000000000001060fa2";
    static final String JS_PEER = "12D3KooWSrKnMZUcSxK8G7wmBbXdU8nFEfWGhLu6H8xjn8LmCSJb";

    static Ed25519TestPeer jsVectorPeer() {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 9);
        return new Ed25519TestPeer(seed, "fd1724385aa0c75b64fb78cd602fa1d991fdebf76b13c58ed702eac835e9f618");
    }

    @Test
    void roundTripOpensWhatWeSealed() {
        SignedEnvelope sealed = SignedEnvelope.seal(peer, "test-domain", TYPE, PAYLOAD);
        SignedEnvelope opened = SignedEnvelope.open(sealed.encode(), "test-domain");
        assertEquals(peer.publicKey(), opened.publicKey());
        assertArrayEquals(TYPE, opened.payloadType());
        assertArrayEquals(PAYLOAD, opened.payload());
        assertEquals(sealed, opened);
    }

    @Test
    void signedBufferIsLengthPrefixedDomainTypeAndPayload() {
        byte[] expected = HEX.parseHex("03616263" + "020301" + "0c" + HEX.formatHex(PAYLOAD));
        assertArrayEquals(expected, SignedEnvelope.signedBytes("abc", TYPE, PAYLOAD));
    }

    @Test
    void matchesJsLibp2pByteForByte() {
        // js's envelope opens with our code ...
        SignedEnvelope js = SignedEnvelope.open(HEX.parseHex(JS_ENVELOPE), PeerRecord.DOMAIN);
        assertEquals(PeerId.fromString(JS_PEER), js.publicKey().toPeerId());
        assertArrayEquals(HEX.parseHex(JS_RECORD), js.payload());
        // ... and the same key sealing the same payload gives the very same bytes (Ed25519 is deterministic).
        SignedEnvelope ours = SignedEnvelope.seal(jsVectorPeer(), PeerRecord.DOMAIN, TYPE, HEX.parseHex(JS_RECORD));
        assertEquals(JS_ENVELOPE, HEX.formatHex(ours.encode()));
    }

    /** A secp256k1 peer record envelope by js-libp2p 3.3 (the peer-id spec's example key; ECDSA per RFC 6979). */
    @Test
    void secp256k1EnvelopeOfJsLibp2pOpens() {
        byte[] js = HEX.parseHex("0a2508021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99"
                + "120203011a3c0a27002508021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca9910fb"
                + "d095ffbc311a0a0a08047f000001060fa12a473045022100b2c33fbbc4d4a08a5f790811a7a660b4e9b30f8473f4f30058"
                + "71f99761a8e013022051efe0c01ea4f2e902bd808ea077aa969251bae61f7bdd46a8bcd72dfe4d21d7");
        PeerRecord record = PeerRecord.open(js);
        assertEquals(PeerId.fromString("16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY"), record.peerId());
        js[js.length - 3] ^= 1;
        assertThrows(ProtocolViolationException.class, () -> PeerRecord.open(js));
    }

    @Test
    void rsaSignerVerifies() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        PeerPublicKey key = PeerPublicKey.of(KeyType.RSA, keys.getPublic().getEncoded());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(SignedEnvelope.signedBytes("d", TYPE, PAYLOAD));
        byte[] encoded = new SignedEnvelope(key, TYPE, PAYLOAD, signer.sign()).encode();
        assertEquals(key, SignedEnvelope.open(encoded, "d").publicKey());
        assertThrows(ProtocolViolationException.class, () -> SignedEnvelope.open(encoded, "e"));
    }

    @Test
    void tamperedEnvelopesAreRefused() {
        SignedEnvelope good = SignedEnvelope.seal(peer, "d", TYPE, PAYLOAD);
        byte[] otherPayload = PAYLOAD.clone();
        otherPayload[0] ^= 1;
        byte[] otherSignature = good.signature();
        otherSignature[5] ^= 1;
        String[] cases = {"payload", "type", "signature", "signer"};
        byte[][] tampered = {
            new SignedEnvelope(peer.publicKey(), TYPE, otherPayload, good.signature()).encode(),
            new SignedEnvelope(peer.publicKey(), new byte[] {0x03, 0x02}, PAYLOAD, good.signature()).encode(),
            new SignedEnvelope(peer.publicKey(), TYPE, PAYLOAD, otherSignature).encode(),
            new SignedEnvelope(new Ed25519TestPeer().publicKey(), TYPE, PAYLOAD, good.signature()).encode()};
        for (int i = 0; i < cases.length; i++) {
            byte[] bytes = tampered[i];
            ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                    () -> SignedEnvelope.open(bytes, "d"), cases[i]);
            assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
        }
        ProtocolViolationException wrongDomain = assertThrows(ProtocolViolationException.class,
                () -> SignedEnvelope.open(good.encode(), "libp2p-peer-record"));
        assertTrue(wrongDomain.getMessage().contains("'libp2p-peer-record'"), wrongDomain.getMessage());
    }

    @Test
    void malformedEnvelopesAreRefusedWithTheirReason() throws IOException {
        byte[] key = peer.publicKey().toProtobuf();
        byte[] signature = SignedEnvelope.seal(peer, "d", TYPE, PAYLOAD).signature();
        assertRefused("lacks its public_key", proto(out -> out.writeByteArray(5, signature)));
        assertRefused("lacks its signature", proto(out -> out.writeByteArray(1, key)));
        assertRefused("bad public_key", proto(out -> {
            out.writeByteArray(1, new byte[] {0x08, 0x01});
            out.writeByteArray(5, signature);
        }));
        assertRefused("wire type", proto(out -> {
            out.writeByteArray(1, key);
            out.writeUInt32(3, 7);
            out.writeByteArray(5, signature);
        }));
        assertRefused("exceeds", new byte[SignedEnvelope.MAX_SIZE + 1]);
        byte[] notAPoint = PeerPublicKey.of(KeyType.SECP256K1, new byte[33]).toProtobuf();
        assertRefused("does not verify", proto(out -> {
            out.writeByteArray(1, notAPoint);
            out.writeByteArray(5, signature);
        }));
    }

    @Test
    void unknownFieldsAreSkipped() throws IOException {
        SignedEnvelope good = SignedEnvelope.seal(peer, "d", TYPE, PAYLOAD);
        byte[] withExtras = proto(out -> {
            out.writeUInt64(9, 12345);
            out.writeByteArray(4, new byte[] {1, 2, 3});
            out.writeRawBytes(good.encode());
            out.writeFixed32(15, 7);
        });
        assertEquals(good, SignedEnvelope.open(withExtras, "d"));
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] good = SignedEnvelope.seal(peer, "d", TYPE, PAYLOAD).encode();
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(ProtocolViolationException.class, () -> SignedEnvelope.open(truncated, "d"),
                    "cut at " + cut);
        }
    }

    @Test
    void sealingTooMuchIsOurBug() {
        SignedEnvelope huge = SignedEnvelope.seal(peer, "d", TYPE, new byte[SignedEnvelope.MAX_SIZE]);
        assertThrows(IllegalArgumentException.class, huge::encode);
    }

    @Property(tries = 300)
    void randomBytesEndInProtocolViolationOnly(@ForAll @Size(max = 300) byte[] bytes) {
        assertThrows(ProtocolViolationException.class, () -> SignedEnvelope.open(bytes, "d"));
    }

    @Property(tries = 300)
    void flippedBytesNeverOpenAsSomethingElse(@ForAll @Size(min = 1, max = 4) int[] positions) {
        SignedEnvelope good = SignedEnvelope.seal(peer, "d", TYPE, PAYLOAD);
        byte[] bytes = good.encode();
        for (int p : positions) {
            bytes[Math.floorMod(p, bytes.length)] ^= (byte) (1 + Math.floorMod(p >> 8, 255));
        }
        try {
            // whatever still opens was signed by us: it can only be the original envelope
            assertEquals(good, SignedEnvelope.open(bytes, "d"));
        } catch (ProtocolViolationException expected) {
            // refused, with a reason
        }
    }

    private static void assertRefused(String reason, byte[] encoded) {
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> SignedEnvelope.open(encoded, "d"));
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
    }
}
