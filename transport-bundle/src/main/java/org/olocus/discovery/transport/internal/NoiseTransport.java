package org.olocus.discovery.transport.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The two CipherStates of a finished Noise handshake, and the libp2p framing of its messages: each Noise message
 * is sent as a 2-byte big-endian length then the ciphertext (at most 65535 bytes). Not thread-safe: a connection
 * has one writer and one reader at a time, each of which may own its half.
 */
public final class NoiseTransport {
    /** Largest plaintext that fits in one Noise message. */
    public static final int MAX_PLAINTEXT = NoiseHandshake.MAX_MESSAGE - NoiseCipherState.TAG_SIZE;
    private static final byte[] NO_AD = new byte[0];

    private final NoiseCipherState send;
    private final NoiseCipherState receive;

    NoiseTransport(NoiseCipherState send, NoiseCipherState receive) {
        this.send = send;
        this.receive = receive;
    }

    /** Encrypts one message (≤ {@link #MAX_PLAINTEXT} bytes) without framing. */
    public byte[] encrypt(byte[] plaintext) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("plaintext of " + plaintext.length + " bytes exceeds "
                    + MAX_PLAINTEXT);
        }
        return send.encryptWithAd(NO_AD, plaintext);
    }

    /** Decrypts one unframed message. */
    public byte[] decrypt(byte[] ciphertext) {
        return receive.decryptWithAd(NO_AD, ciphertext);
    }

    /** Encrypts {@code plaintext} of any size into as many length-prefixed frames as needed. */
    public byte[] seal(byte[] plaintext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 64);
        int offset = 0;
        do {
            int chunk = Math.min(MAX_PLAINTEXT, plaintext.length - offset);
            byte[] part = new byte[chunk];
            System.arraycopy(plaintext, offset, part, 0, chunk);
            out.writeBytes(NoiseFrames.frame(encrypt(part)));
            offset += chunk;
        } while (offset < plaintext.length);
        return out.toByteArray();
    }

    /**
     * Decrypts the next complete frame in {@code in}, or returns {@code null} when more bytes are needed.
     *
     * @throws ProtocolViolationException when the frame fails authentication
     */
    public byte[] open(ByteBuffer in) {
        byte[] frame = NoiseFrames.next(in);
        return frame == null ? null : decrypt(frame);
    }
}
