package org.olocus.discovery.transport.internal.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise SymmetricState (spec rev 34, §5.2) with SHA-256: the chaining key, the handshake hash and a
 * CipherState, plus the spec's HKDF built from HMAC-SHA256.
 */
public final class NoiseSymmetricState {
    static final int HASH_LEN = 32;

    private final NoiseCipherState cipher = new NoiseCipherState();
    // One digest and one MAC per handshake: a provider lookup per use cost more than the hashing itself.
    private final MessageDigest sha256;
    private final Mac hmac;
    private byte[] chainingKey;
    private byte[] hash;

    /** InitializeSymmetric(protocolName). */
    public NoiseSymmetricState(String protocolName) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            hmac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 or HMAC-SHA256 is missing", e);
        }
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        hash = name.length <= HASH_LEN ? Arrays.copyOf(name, HASH_LEN) : sha256.digest(name);
        chainingKey = hash.clone();
    }

    public void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(chainingKey, inputKeyMaterial, 2);
        chainingKey = out[0];
        cipher.initializeKey(out[1]);
    }

    public void mixHash(byte[] data) {
        sha256.update(hash);
        sha256.update(data);
        hash = sha256.digest();
    }

    public byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = cipher.encryptWithAd(hash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    public byte[] decryptAndHash(byte[] ciphertext) {
        byte[] plaintext = cipher.decryptWithAd(hash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /** Whether a key is set, i.e. whether encrypted fields carry a tag. */
    public boolean hasKey() {
        return cipher.hasKey();
    }

    /** Split(): the initiator-to-responder and responder-to-initiator CipherStates, in that order. */
    public NoiseCipherState[] split() {
        byte[][] keys = hkdf(chainingKey, new byte[0], 2);
        NoiseCipherState first = new NoiseCipherState();
        first.initializeKey(keys[0]);
        NoiseCipherState second = new NoiseCipherState();
        second.initializeKey(keys[1]);
        return new NoiseCipherState[] {first, second};
    }

    /** The handshake hash h, usable as a channel binding once the handshake is done. */
    public byte[] handshakeHash() {
        return hash.clone();
    }

    /** HKDF as Noise defines it (§4.3): outputs chained through HMAC-SHA256 keyed by a temporary key. */
    private byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial, int outputs) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[][] out = new byte[outputs][];
        byte[] previous = new byte[0];
        for (int i = 0; i < outputs; i++) {
            byte[] input = Arrays.copyOf(previous, previous.length + 1);
            input[previous.length] = (byte) (i + 1);
            previous = hmac(tempKey, input);
            out[i] = previous;
        }
        return out;
    }

    private byte[] hmac(byte[] key, byte[] data) {
        try {
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return hmac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 refused a 32-byte key", e);
        }
    }
}
