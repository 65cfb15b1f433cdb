package org.olocus.discovery.transport.internal.noise;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.transport.internal.crypto.X25519;

/**
 * A node's Noise static key and its signed handshake payload. The libp2p Noise spec lets one static key serve
 * every session (it is authenticated by the identity signature, never stored on disk), which saves a key
 * generation and an identity signature per handshake. Immutable; shared by all sessions of a host.
 */
public final class NoiseIdentity {
    private static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

    private final LocalPeer local;
    private final X25519.KeyPair staticKey;
    private final byte[] payload;

    /**
     * @param local  who signs the static key
     * @param muxers muxers to offer in the payload's extensions; empty to negotiate them after the handshake
     * @param random source of the static key
     */
    public NoiseIdentity(LocalPeer local, List<String> muxers, SecureRandom random) {
        this.local = local;
        this.staticKey = X25519.generate(random);
        byte[] signature = local.sign(signedBytes(staticKey.publicKey()));
        this.payload = new NoiseHandshakePayload(local.publicKey(), signature, List.of(), muxers).encode();
    }

    /** The libp2p identity behind this key. */
    public LocalPeer local() {
        return local;
    }

    X25519.KeyPair staticKey() {
        return staticKey;
    }

    /** The encoded handshake payload (identity key, signature over the static key, extensions). */
    byte[] payload() {
        return payload.clone();
    }

    /** What an identity signs: the prefix then the static X25519 public key. */
    public static byte[] signedBytes(byte[] staticPublicKey) {
        byte[] out = new byte[SIGNATURE_PREFIX.length + staticPublicKey.length];
        System.arraycopy(SIGNATURE_PREFIX, 0, out, 0, SIGNATURE_PREFIX.length);
        System.arraycopy(staticPublicKey, 0, out, SIGNATURE_PREFIX.length, staticPublicKey.length);
        return out;
    }
}
