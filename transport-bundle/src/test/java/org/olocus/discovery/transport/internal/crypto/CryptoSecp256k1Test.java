package org.olocus.discovery.transport.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.KeyType;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.noise.LibP2pNoiseSession;
import org.olocus.discovery.transport.internal.noise.NoiseIdentity;

/**
 * secp256k1 identities in the transport ({@link CryptoSecp256k1Verifier}): the libp2p spec's key vector, a
 * signature made by js-libp2p, BouncyCastle round trips, malformed keys and signatures, a whole Noise handshake
 * with a secp256k1 peer, and the fall-back of other key types to the api.
 */
class CryptoSecp256k1Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final X9ECParameters CURVE = SECNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(),
            CURVE.getN(), CURVE.getH());
    /** libp2p peer-ids spec, "Test vectors": the secp256k1 PrivateKey and PublicKey protobufs. */
    private static final String SPEC_PRIVATE = "0802122053DADF1D5A164D6B4ACDB15E24AA4C5B1D3461BDBD42ABEDB0A4404D56CED8FB";
    private static final String SPEC_PUBLIC = "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99";
    /** The spec's key signing "noise-libp2p-static-key:" ‖ 32 × 0x07, made by @libp2p/crypto 5.1.23 (noble). */
    private static final String JS_MESSAGE = "6e6f6973652d6c69627032702d7374617469632d6b65793a"
            + "0707070707070707070707070707070707070707070707070707070707070707";
    private static final String JS_SIGNATURE = "304402207659ef66b4ccb122dbabfe1f9ab57f3856b408a58fef1ff4225c89c188581dbe"
            + "02207b91021b02352d4dffbf8d88d2407c074f5c28c175ab46294c4599b2d7e48197";

    @Test
    void derivesTheSpecPublicKeyAndItsPeerId() {
        BigInteger d = new BigInteger(1, Arrays.copyOfRange(HEX.parseHex(SPEC_PRIVATE), 4, 36));
        byte[] compressed = CURVE.getG().multiply(d).normalize().getEncoded(true);
        PeerPublicKey key = PeerPublicKey.of(KeyType.SECP256K1, compressed);
        assertEquals(SPEC_PUBLIC, HEX.formatHex(key.toProtobuf()));
        assertEquals(key, PeerPublicKey.fromProtobuf(HEX.parseHex(SPEC_PUBLIC)));
        // The id js-libp2p printed for this key.
        assertEquals("16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY", key.toPeerId().toBase58());
    }

    @Test
    void verifiesASignatureMadeByJsLibp2p() {
        PeerPublicKey key = PeerPublicKey.fromProtobuf(HEX.parseHex(SPEC_PUBLIC));
        byte[] message = HEX.parseHex(JS_MESSAGE);
        byte[] signature = HEX.parseHex(JS_SIGNATURE);
        assertTrue(CryptoSecp256k1Verifier.verify(key.data(), message, signature));
        assertTrue(CryptoSignatureVerifier.verify(key, message, signature));
        byte[] other = message.clone();
        other[other.length - 1] ^= 1;
        assertFalse(CryptoSecp256k1Verifier.verify(key.data(), other, signature));
    }

    @Test
    void roundTripsWithBouncyCastleSignatures() {
        for (int i = 0; i < 10; i++) {
            BigInteger d = new BigInteger(256, RANDOM).mod(CURVE.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
            byte[] key = CURVE.getG().multiply(d).normalize().getEncoded(true);
            byte[] message = new byte[1 + RANDOM.nextInt(100)];
            RANDOM.nextBytes(message);
            BigInteger[] rs = sign(d, message);
            assertTrue(CryptoSecp256k1Verifier.verify(key, message, der(rs[0], rs[1])));
            // The other S of the same signature (high/low S): accepted, as go-libp2p does.
            assertTrue(CryptoSecp256k1Verifier.verify(key, message, der(rs[0], CURVE.getN().subtract(rs[1]))));
            assertFalse(CryptoSecp256k1Verifier.verify(key, Arrays.copyOf(message, message.length + 1),
                    der(rs[0], rs[1])));
        }
    }

    @Test
    void malformedKeysAreRefused() {
        byte[] key = PeerPublicKey.fromProtobuf(HEX.parseHex(SPEC_PUBLIC)).data();
        byte[] message = HEX.parseHex(JS_MESSAGE);
        byte[] signature = HEX.parseHex(JS_SIGNATURE);
        byte[] uncompressed = CryptoSecp256k1Verifier.decodeKey(key).getEncoded(false);
        byte[] wrongPrefix = key.clone();
        wrongPrefix[0] = 0x04;
        byte[] otherParity = key.clone();
        otherParity[0] = 0x02; // the negated point: a valid key, but not the signer's
        List<byte[]> refused = List.of(new byte[0], Arrays.copyOf(key, 32), Arrays.copyOf(key, 34), uncompressed,
                wrongPrefix, new byte[33], otherParity);
        for (byte[] bad : refused) {
            assertFalse(CryptoSecp256k1Verifier.verify(bad, message, signature), HEX.formatHex(bad));
        }
        // An x with no point on the curve: x = 5 gives x³ + 7 = 132, not a square mod p.
        byte[] offCurve = new byte[33];
        offCurve[0] = 0x02;
        offCurve[32] = 5;
        assertNull(CryptoSecp256k1Verifier.decodeKey(offCurve));
        assertFalse(CryptoSecp256k1Verifier.verify(offCurve, message, signature));
        // x ≥ p.
        byte[] tooBig = new byte[33];
        Arrays.fill(tooBig, (byte) 0xFF);
        tooBig[0] = 0x03;
        assertNull(CryptoSecp256k1Verifier.decodeKey(tooBig));
    }

    @Test
    void malformedSignaturesAreRefused() throws IOException {
        byte[] key = PeerPublicKey.fromProtobuf(HEX.parseHex(SPEC_PUBLIC)).data();
        byte[] message = HEX.parseHex(JS_MESSAGE);
        byte[] good = HEX.parseHex(JS_SIGNATURE);
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(good, 4, 36));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(good, 38, 70));
        byte[] longFormLength = new byte[good.length + 1]; // BER 0x81 0x44 instead of 0x44: not DER
        longFormLength[0] = 0x30;
        longFormLength[1] = (byte) 0x81;
        System.arraycopy(good, 1, longFormLength, 2, good.length - 1);
        byte[] paddedR = HEX.parseHex("3045022100" + JS_SIGNATURE.substring(8)); // a needless leading zero
        List<byte[]> refused = List.of(new byte[0], new byte[] {0x30}, Arrays.copyOf(good, good.length - 1),
                Arrays.copyOf(good, good.length + 1), longFormLength, paddedR, new byte[72], new byte[73],
                Arrays.copyOfRange(good, 2, good.length), // the integers without their sequence
                der(BigInteger.ZERO, s), der(r, BigInteger.ZERO), der(r, CURVE.getN()), der(CURVE.getN(), s),
                der(r.negate(), s), new DERSequence(new ASN1Integer[] {new ASN1Integer(r)}).getEncoded());
        for (byte[] bad : refused) {
            assertFalse(CryptoSecp256k1Verifier.verify(key, message, bad), HEX.formatHex(bad));
        }
        for (int i = 0; i < 300; i++) {
            byte[] garbage = new byte[RANDOM.nextInt(80)];
            RANDOM.nextBytes(garbage);
            assertFalse(CryptoSecp256k1Verifier.verify(key, message, garbage));
        }
    }

    @Test
    void aSecp256k1PeerCompletesTheNoiseHandshake() {
        Secp256k1Peer alice = new Secp256k1Peer();
        Ed25519TestPeer bob = new Ed25519TestPeer();
        LibP2pNoiseSession dialer = LibP2pNoiseSession.initiator(new NoiseIdentity(alice, List.of(), RANDOM),
                bob.peerId(), RANDOM);
        LibP2pNoiseSession listener = LibP2pNoiseSession.responder(new NoiseIdentity(bob, List.of(), RANDOM), RANDOM);
        byte[] second = listener.receive(ByteBuffer.wrap(dialer.start()));
        listener.receive(ByteBuffer.wrap(dialer.receive(ByteBuffer.wrap(second))));
        assertTrue(listener.isComplete());
        assertEquals(alice.peerId(), listener.result().remotePeer());
        assertTrue(alice.peerId().toBase58().startsWith("16Uiu2H"), alice.peerId().toBase58());
    }

    @Test
    void otherKeyTypesFallBackToTheApi() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        PeerPublicKey key = PeerPublicKey.of(KeyType.RSA, rsa.getPublic().getEncoded());
        byte[] message = "rsa identities are verified by the api".getBytes();
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(rsa.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        assertTrue(CryptoSignatureVerifier.verify(key, message, signature));
        assertFalse(CryptoSignatureVerifier.verify(key, Arrays.copyOf(message, 3), signature));
        // The api itself still refuses secp256k1 (the transport verifies it instead).
        PeerPublicKey secp = PeerPublicKey.fromProtobuf(HEX.parseHex(SPEC_PUBLIC));
        assertThrows(UnsupportedOperationException.class,
                () -> secp.verify(HEX.parseHex(JS_MESSAGE), HEX.parseHex(JS_SIGNATURE)));
    }

    private static BigInteger[] sign(BigInteger d, byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
        SHA256Digest digest = new SHA256Digest();
        digest.update(message, 0, message.length);
        byte[] hash = new byte[32];
        digest.doFinal(hash, 0);
        return signer.generateSignature(hash);
    }

    private static byte[] der(BigInteger r, BigInteger s) {
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@link LocalPeer} on a fresh secp256k1 key, signing as libp2p does (SHA-256, DER). */
    private static final class Secp256k1Peer implements LocalPeer {
        private final BigInteger d = new BigInteger(255, RANDOM).add(BigInteger.ONE);
        private final PeerPublicKey publicKey = PeerPublicKey.of(KeyType.SECP256K1,
                CURVE.getG().multiply(d).normalize().getEncoded(true));

        @Override
        public PeerId peerId() {
            return publicKey.toPeerId();
        }

        @Override
        public PeerPublicKey publicKey() {
            return publicKey;
        }

        @Override
        public byte[] sign(byte[] message) {
            BigInteger[] rs = CryptoSecp256k1Test.sign(d, message);
            return der(rs[0], rs[1]);
        }
    }
}
