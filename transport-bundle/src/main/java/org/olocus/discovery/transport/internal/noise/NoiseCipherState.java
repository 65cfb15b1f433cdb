package org.olocus.discovery.transport.internal.noise;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.olocus.discovery.transport.internal.ProtocolViolationException;

/**
 * The Noise CipherState (spec rev 34, §5.1) for ChaChaPoly: a key and a 64-bit nonce counter. The nonce is four
 * zero bytes then the counter little-endian. Without a key, encryption is the identity, as Noise specifies.
 * Not thread-safe.
 */
public final class NoiseCipherState {
    /** The Poly1305 tag appended to every ciphertext. */
    public static final int TAG_SIZE = 16;
    /** 2^64-1 is reserved by Noise; a counter that reaches it can no longer encrypt. */
    private static final long MAX_NONCE = -1L;

    private SecretKeySpec key;
    private long nonce;
    private Cipher cipher;

    /** Sets the key and resets the nonce (InitializeKey). */
    public void initializeKey(byte[] k) {
        if (k.length != 32) {
            throw new IllegalArgumentException("a ChaChaPoly key has 32 bytes");
        }
        key = new SecretKeySpec(k, "ChaCha20");
        nonce = 0;
    }

    public boolean hasKey() {
        return key != null;
    }

    /** The next nonce to use; exposed for tests and for rekey decisions. */
    public long nonce() {
        return nonce;
    }

    /** EncryptWithAd: ciphertext plus tag, or the plaintext itself without a key. */
    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
        if (key == null) {
            return plaintext.clone();
        }
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE);
            c.updateAAD(ad);
            byte[] out = c.doFinal(plaintext);
            nonce++;
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    /**
     * EncryptWithAd of {@code length} bytes of {@code in} from {@code offset}, written straight into {@code out} at
     * {@code outOffset} (ciphertext then tag: {@code length + TAG_SIZE} bytes), sparing the transport a copy per
     * frame. Only with a key.
     */
    public void encryptWithAd(byte[] ad, byte[] in, int offset, int length, byte[] out, int outOffset) {
        if (key == null) {
            throw new IllegalStateException("no key: nothing to encrypt with");
        }
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE);
            c.updateAAD(ad);
            c.doFinal(in, offset, length, out, outOffset);
            nonce++;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    /**
     * DecryptWithAd. The nonce advances only on success, as Noise specifies.
     *
     * @throws ProtocolViolationException when the tag does not verify or the input is shorter than a tag
     */
    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) {
        return decryptWithAd(ad, ciphertext, 0, ciphertext.length);
    }

    /** DecryptWithAd of {@code length} bytes of {@code in} from {@code offset}, read in place. */
    public byte[] decryptWithAd(byte[] ad, byte[] in, int offset, int length) {
        if (key == null) {
            return Arrays.copyOfRange(in, offset, offset + length);
        }
        if (length < TAG_SIZE) {
            throw new ProtocolViolationException("Noise ciphertext of " + length + " bytes is shorter than its tag");
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE);
            c.updateAAD(ad);
            byte[] out = c.doFinal(in, offset, length);
            nonce++;
            return out;
        } catch (AEADBadTagException e) {
            // The JDK refuses to re-initialise a Cipher with the nonce it just used, so start afresh.
            cipher = null;
            throw new ProtocolViolationException("Noise message failed authentication (bad tag)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
    }

    private Cipher cipher(int mode) throws GeneralSecurityException {
        if (nonce == MAX_NONCE) {
            throw new IllegalStateException("Noise nonce exhausted; the session must end");
        }
        if (cipher == null) {
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
        }
        byte[] iv = new byte[12];
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (nonce >>> (8 * i));
        }
        cipher.init(mode, key, new IvParameterSpec(iv));
        return cipher;
    }
}
