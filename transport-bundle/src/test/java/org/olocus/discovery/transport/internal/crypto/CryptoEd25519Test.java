package org.olocus.discovery.transport.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.KeyType;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.noise.NoiseIdentity;

/**
 * The transport's Ed25519 fast path ({@link Ed25519Verifier}, BouncyCastle): RFC 8032 vectors, the libp2p
 * peer-id spec's key vector, cross-checks with the JDK provider both ways, malformed and malicious input.
 */
class CryptoEd25519Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The group order L. */
    private static final BigInteger L = BigInteger.TWO.pow(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));

    /** RFC 8032 §7.1: secret key, public key, message, signature. */
    private static final List<String[]> RFC8032 = List.of(
            new String[] {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd2"
                    + "5bf5f0595bbe24655141438e7a100b"},
            new String[] {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c38"
                    + "7b2eaeb4302aeeb00d291612bb0c00"},
            new String[] {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc659"
                    + "4a7c15e9716ed28dc027beceea1ec40a"},
            new String[] {"833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
                "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                    + "454d4423643ce80e2a9ac94fa54ca49f",
                "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303d"
                    + "ca179c138ac17ad9bef1177331a704"});

    @Test
    void verifiesTheRfc8032Vectors() throws Exception {
        for (String[] v : RFC8032) {
            byte[] secret = HEX.parseHex(v[0]);
            byte[] publicKey = HEX.parseHex(v[1]);
            byte[] message = HEX.parseHex(v[2]);
            byte[] signature = HEX.parseHex(v[3]);
            byte[] derived = new byte[32];
            Ed25519.generatePublicKey(secret, 0, derived, 0);
            assertArrayEquals(publicKey, derived, v[1]);
            assertArrayEquals(signature, bcSign(secret, message), "BouncyCastle signs as RFC 8032 says");
            assertArrayEquals(signature, jdkSign(secret, message), "the JDK signs as RFC 8032 says");
            assertTrue(Ed25519Verifier.verify(publicKey, message, signature), v[3]);
            assertTrue(CryptoSignatureVerifier.verify(PeerPublicKey.of(KeyType.ED25519, publicKey), message,
                    signature));
            byte[] otherMessage = Arrays.copyOf(message, message.length + 1);
            assertFalse(Ed25519Verifier.verify(publicKey, otherMessage, signature));
        }
    }

    @Test
    void derivesTheLibp2pSpecKeyVector() {
        // libp2p peer-ids spec, "Test vectors": the protobuf PrivateKey (seed ‖ public) and its PublicKey.
        byte[] privateKey = HEX.parseHex("080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
                + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
        byte[] seed = Arrays.copyOfRange(privateKey, 4, 36);
        byte[] publicKey = new byte[32];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        assertEquals("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e",
                HEX.formatHex(PeerPublicKey.of(KeyType.ED25519, publicKey).toProtobuf()));
        byte[] message = "libp2p".getBytes();
        assertTrue(Ed25519Verifier.verify(publicKey, message, bcSign(seed, message)));
    }

    @Test
    void crossChecksWithTheJdkBothWays() throws Exception {
        for (int i = 0; i < 25; i++) {
            byte[] seed = new byte[32];
            RANDOM.nextBytes(seed);
            byte[] publicKey = new byte[32];
            Ed25519.generatePublicKey(seed, 0, publicKey, 0);
            byte[] message = new byte[RANDOM.nextInt(200)];
            RANDOM.nextBytes(message);
            PeerPublicKey key = PeerPublicKey.of(KeyType.ED25519, publicKey);
            // JDK signs, BouncyCastle verifies; BouncyCastle signs, the JDK (the api's verify) verifies.
            assertTrue(Ed25519Verifier.verify(publicKey, message, jdkSign(seed, message)));
            assertTrue(key.verify(message, bcSign(seed, message)));
        }
        Ed25519TestPeer peer = new Ed25519TestPeer(); // a JDK-generated key pair, as the other tests use
        byte[] message = NoiseIdentity.signedBytes(new byte[32]);
        assertTrue(Ed25519Verifier.verify(peer.publicKey().data(), message, peer.sign(message)));
    }

    @Test
    void wrongLengthsAreRefused() {
        byte[] seed = new byte[32];
        byte[] publicKey = new byte[32];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        byte[] message = {1, 2, 3};
        byte[] signature = bcSign(seed, message);
        assertTrue(Ed25519Verifier.verify(publicKey, message, signature));
        for (int length : new int[] {0, 31, 33, 64}) {
            assertFalse(Ed25519Verifier.verify(Arrays.copyOf(publicKey, length), message, signature), "key " + length);
        }
        for (int length : new int[] {0, 32, 63, 65, 128}) {
            assertFalse(Ed25519Verifier.verify(publicKey, message, Arrays.copyOf(signature, length)), "sig " + length);
        }
    }

    @Test
    void nonCanonicalSignaturesAreRefused() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        byte[] publicKey = new byte[32];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        byte[] message = "non-canonical".getBytes();
        byte[] signature = bcSign(seed, message);
        // S + L is the same scalar mod L but not the canonical encoding (RFC 8032 §5.1.7 requires S < L).
        byte[] sPlusL = signature.clone();
        System.arraycopy(littleEndian(fromLittleEndian(Arrays.copyOfRange(signature, 32, 64)).add(L)), 0, sPlusL,
                32, 32);
        assertFalse(Ed25519Verifier.verify(publicKey, message, sPlusL));
        // An R whose y-coordinate is ≥ p.
        byte[] badR = signature.clone();
        Arrays.fill(badR, 0, 31, (byte) 0xFF);
        badR[31] = 0x7F;
        assertFalse(Ed25519Verifier.verify(publicKey, message, badR));
        // A flipped bit anywhere.
        for (int bit = 0; bit < 512; bit += 37) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(Ed25519Verifier.verify(publicKey, message, flipped), "bit " + bit);
        }
    }

    @Test
    void smallOrderAndNonCanonicalPublicKeysAreRefused() {
        // R = identity, S = 0 satisfies [S]B = R + [k]A for the identity key A and any message: a forgery that a
        // verifier must refuse by refusing small-order keys.
        byte[] identityPoint = HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000000");
        byte[] forged = new byte[64];
        System.arraycopy(identityPoint, 0, forged, 0, 32);
        List<String> smallOrder = List.of(
                "0100000000000000000000000000000000000000000000000000000000000000", // identity
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
                "0000000000000000000000000000000000000000000000000000000000000080", // order 4
                "0000000000000000000000000000000000000000000000000000000000000000", // order 4
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // identity, y = p + 1
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"); // y = p
        for (String key : smallOrder) {
            for (String message : List.of("", "a", "libp2p", "noise-libp2p-static-key:")) {
                assertFalse(Ed25519Verifier.verify(HEX.parseHex(key), message.getBytes(), forged), key);
            }
        }
    }

    private static byte[] bcSign(byte[] seed, byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    private static byte[] jdkSign(byte[] seed, byte[] message) throws Exception {
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(
                new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(message);
        return signer.sign();
    }

    private static BigInteger fromLittleEndian(byte[] bytes) {
        byte[] bigEndian = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] out = new byte[32];
        byte[] bigEndian = value.toByteArray();
        for (int i = 0; i < bigEndian.length && i < 32; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }
}
