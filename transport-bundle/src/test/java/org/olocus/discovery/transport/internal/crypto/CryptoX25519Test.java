package org.olocus.discovery.transport.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.KeyAgreement;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.transport.internal.ProtocolViolationException;

/** The BouncyCastle-backed {@link X25519}: RFC 7748 vectors, agreement with the JDK's XDH, low-order points. */
class CryptoX25519Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void matchesTheRfc7748ScalarMultiplicationVectors() {
        // RFC 7748 §5.2, the two single multiplications.
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", HEX.formatHex(X25519.dh(
                HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957", HEX.formatHex(X25519.dh(
                HEX.parseHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                HEX.parseHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))));
    }

    @Test
    void matchesTheRfc7748IteratedVector() {
        // RFC 7748 §5.2: k = u = 9, then k, u = X25519(k, u), k; after 1 and after 1,000 iterations.
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] next = X25519.dh(k, u);
            u = k;
            k = next;
            if (i == 1) {
                assertEquals("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", HEX.formatHex(k));
            }
        }
        assertEquals("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", HEX.formatHex(k));
    }

    @Test
    void agreesWithTheJdk() throws Exception {
        for (int i = 0; i < 20; i++) {
            X25519.KeyPair ours = X25519.generate(RANDOM);
            X25519.KeyPair theirs = X25519.generate(RANDOM);
            byte[] shared = X25519.dh(ours.privateKey(), theirs.publicKey());
            assertArrayEquals(shared, X25519.dh(theirs.privateKey(), ours.publicKey()));
            assertArrayEquals(shared, jdkDh(ours.privateKey(), theirs.publicKey()));
        }
    }

    @Test
    void lowOrderPublicKeysAreRefused() {
        // The u-coordinates of the points of order 1, 2, 4 and 8, also in their non-canonical forms (≥ p).
        List<String> lowOrder = List.of(
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000000",
                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
                "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        byte[] privateKey = X25519.generate(RANDOM).privateKey();
        for (String point : lowOrder) {
            ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                    () -> X25519.dh(privateKey, HEX.parseHex(point)), point);
            assertTrue(e.getMessage().contains("low order"), e.getMessage());
        }
    }

    @Test
    void wrongLengthsAreRefused() {
        byte[] privateKey = X25519.generate(RANDOM).privateKey();
        assertThrows(ProtocolViolationException.class, () -> X25519.dh(privateKey, new byte[31]));
        assertThrows(ProtocolViolationException.class, () -> X25519.dh(privateKey, new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> X25519.fromPrivate(new byte[16]));
    }

    private static byte[] jdkDh(byte[] privateKey, byte[] publicKey) throws Exception {
        KeyFactory factory = KeyFactory.getInstance("XDH");
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = publicKey[31 - i];
        }
        bigEndian[0] &= 0x7F;
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey)));
        agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                new BigInteger(1, bigEndian))), true);
        return agreement.generateSecret();
    }
}
