package org.olocus.discovery.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A small-order Ed25519 key lets anyone forge signatures: with R = the identity point and S = 0 the check
 * [S]B = R + [k]A holds whenever [k]A is the identity, i.e. for one message in 1, 2, 4 or 8. The JDK accepts such
 * forgeries; {@link PeerPublicKey#verify} must not.
 */
class Ed25519SmallOrderTest {
    private static final byte[] FORGED = HexFormat.of().parseHex("01" + "00".repeat(63));

    @ParameterizedTest
    @ValueSource(strings = {"0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"})
    void forgeriesTheJdkAcceptsAreRefused(String hex) throws Exception {
        for (byte[] key : signVariants(HexFormat.of().parseHex(hex))) {
            boolean jdkFooled = false;
            for (int i = 0; i < 64; i++) {
                byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
                jdkFooled |= jdkVerifies(key, message, FORGED);
                assertFalse(PeerPublicKey.of(KeyType.ED25519, key).verify(message, FORGED),
                        "forged signature accepted for small-order key " + HexFormat.of().formatHex(key));
            }
            if (key[31] >= 0) { // the canonical encoding: show the JDK alone would have been fooled
                assertTrue(jdkFooled, "the JDK refused every forgery for " + hex + " — the test proves nothing");
            }
        }
    }

    @Test
    void nonCanonicalEncodingsOfSmallOrderPointsAreRefusedToo() {
        for (String hex : new String[] {"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"}) {
            for (byte[] key : signVariants(HexFormat.of().parseHex(hex))) {
                assertTrue(Ed25519SmallOrder.isSmallOrder(key), hex);
                assertFalse(PeerPublicKey.of(KeyType.ED25519, key).verify(new byte[1], FORGED), hex);
            }
        }
    }

    @Test
    void ordinaryKeysAreNotSmallOrderAndStillVerify() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        for (int i = 0; i < 20; i++) {
            var pair = generator.generateKeyPair();
            byte[] encoded = pair.getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
            assertFalse(Ed25519SmallOrder.isSmallOrder(raw));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(pair.getPrivate());
            byte[] message = ("hello " + i).getBytes(StandardCharsets.UTF_8);
            signer.update(message);
            assertTrue(PeerPublicKey.of(KeyType.ED25519, raw).verify(message, signer.sign()));
        }
    }

    private static byte[][] signVariants(byte[] key) {
        byte[] flipped = key.clone();
        flipped[31] ^= (byte) 0x80;
        return new byte[][] {key, flipped};
    }

    private static boolean jdkVerifies(byte[] key, byte[] message, byte[] signature) {
        try {
            byte[] x509 = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(key));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (Exception e) {
            return false;
        }
    }
}
