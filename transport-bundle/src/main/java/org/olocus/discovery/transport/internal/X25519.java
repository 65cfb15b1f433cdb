package org.olocus.discovery.transport.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;

import javax.crypto.KeyAgreement;

/**
 * X25519 (RFC 7748) on raw 32-byte keys, done by the JDK's XDH provider. Noise exchanges keys as raw
 * little-endian u-coordinates, which the JDK only knows as {@link XECPublicKeySpec}s, hence this adapter.
 */
public final class X25519 {
    /** Size of a private scalar, a public key and a shared secret. */
    public static final int KEY_SIZE = 32;
    private static final byte[] BASE_POINT = new byte[KEY_SIZE];

    static {
        BASE_POINT[0] = 9;
    }

    /** A raw key pair. */
    public record KeyPair(byte[] privateKey, byte[] publicKey) {
        public KeyPair {
            if (privateKey.length != KEY_SIZE || publicKey.length != KEY_SIZE) {
                throw new IllegalArgumentException("X25519 keys have 32 bytes");
            }
            privateKey = privateKey.clone();
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public String toString() {
            return "X25519.KeyPair[public=" + java.util.HexFormat.of().formatHex(publicKey) + "]";
        }
    }

    private X25519() {
    }

    /** A fresh key pair from {@code random}. */
    public static KeyPair generate(SecureRandom random) {
        byte[] scalar = new byte[KEY_SIZE];
        random.nextBytes(scalar);
        return fromPrivate(scalar);
    }

    /** The key pair of a given private scalar: its public key is X25519(scalar, 9). */
    public static KeyPair fromPrivate(byte[] scalar) {
        return new KeyPair(scalar, dh(scalar, BASE_POINT));
    }

    /**
     * X25519(privateKey, publicKey). A low-order public key that yields the all-zero secret is refused, as the
     * JDK does.
     *
     * @throws ProtocolViolationException when the remote public key is unusable
     */
    public static byte[] dh(byte[] privateKey, byte[] publicKey) {
        if (publicKey.length != KEY_SIZE) {
            throw new ProtocolViolationException("X25519 public key has " + publicKey.length + " bytes, not 32");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            var priv = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
            var pub = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, uCoordinate(publicKey)));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(priv);
            agreement.doPhase(pub, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new ProtocolViolationException("X25519 key agreement failed: " + e.getMessage(), e);
        }
    }

    /** The little-endian u-coordinate as a number, with the unused top bit masked as RFC 7748 asks. */
    private static BigInteger uCoordinate(byte[] littleEndian) {
        byte[] bigEndian = new byte[KEY_SIZE];
        for (int i = 0; i < KEY_SIZE; i++) {
            bigEndian[i] = littleEndian[KEY_SIZE - 1 - i];
        }
        bigEndian[0] &= 0x7F;
        return new BigInteger(1, bigEndian);
    }
}
