package org.olocus.discovery.transport.internal.crypto;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.olocus.discovery.transport.internal.ProtocolViolationException;

/**
 * X25519 (RFC 7748) on raw 32-byte keys, done by BouncyCastle's constant-time lightweight implementation
 * ({@code org.bouncycastle.math.ec.rfc7748.X25519}): Noise exchanges keys as raw little-endian u-coordinates,
 * which is exactly what it takes, and it is several times faster than the JDK 17 XDH provider (see the module
 * README, "Where the time goes").
 */
public final class X25519 {
    /** Size of a private scalar, a public key and a shared secret. */
    public static final int KEY_SIZE = 32;

    static {
        // Builds the fixed-base tables once per JVM instead of on the first handshake.
        org.bouncycastle.math.ec.rfc7748.X25519.precompute();
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
            return "X25519.KeyPair[public=" + HexFormat.of().formatHex(publicKey) + "]";
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

    /** The key pair of a given private scalar: its public key is X25519(scalar, 9), clamped as RFC 7748 says. */
    public static KeyPair fromPrivate(byte[] scalar) {
        if (scalar.length != KEY_SIZE) {
            throw new IllegalArgumentException("an X25519 private key has 32 bytes, not " + scalar.length);
        }
        byte[] publicKey = new byte[KEY_SIZE];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(scalar, 0, publicKey, 0);
        return new KeyPair(scalar, publicKey);
    }

    /**
     * X25519(privateKey, publicKey). A low-order public key that yields the all-zero secret is refused (RFC 7748
     * §6.1 allows the check; Noise peers that skip it would agree on a key an attacker knows).
     *
     * @throws ProtocolViolationException when the remote public key is unusable
     */
    public static byte[] dh(byte[] privateKey, byte[] publicKey) {
        if (publicKey.length != KEY_SIZE) {
            throw new ProtocolViolationException("X25519 public key has " + publicKey.length + " bytes, not 32");
        }
        if (privateKey.length != KEY_SIZE) {
            throw new IllegalArgumentException("an X25519 private key has 32 bytes, not " + privateKey.length);
        }
        byte[] secret = new byte[KEY_SIZE];
        if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(privateKey, 0, publicKey, 0, secret, 0)) {
            throw new ProtocolViolationException("X25519 key agreement failed: the remote public key is of low "
                    + "order (all-zero shared secret)");
        }
        return secret;
    }
}
