package org.olocus.discovery.transport.internal.noise;

import java.nio.ByteBuffer;

import org.olocus.discovery.transport.internal.ProtocolViolationException;

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

    /**
     * Encrypts {@code plaintext} of any size into as many length-prefixed frames as needed, each encrypted straight
     * into the one output array (bulk data is copied once, by the cipher).
     */
    public byte[] seal(byte[] plaintext) {
        int frames = Math.max(1, (plaintext.length + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT);
        byte[] out = new byte[plaintext.length + frames * (2 + NoiseCipherState.TAG_SIZE)];
        int offset = 0;
        int position = 0;
        do {
            int chunk = Math.min(MAX_PLAINTEXT, plaintext.length - offset);
            int sealed = chunk + NoiseCipherState.TAG_SIZE;
            out[position] = (byte) (sealed >>> 8);
            out[position + 1] = (byte) sealed;
            send.encryptWithAd(NO_AD, plaintext, offset, chunk, out, position + 2);
            position += 2 + sealed;
            offset += chunk;
        } while (offset < plaintext.length);
        return out;
    }

    /**
     * Decrypts the next complete frame in {@code in}, or returns {@code null} when more bytes are needed.
     *
     * @throws ProtocolViolationException when the frame fails authentication
     */
    public byte[] open(ByteBuffer in) {
        if (!in.hasArray()) {
            byte[] frame = NoiseFrames.next(in);
            return frame == null ? null : decrypt(frame);
        }
        if (in.remaining() < 2) {
            return null;
        }
        int start = in.position();
        int length = ((in.get(start) & 0xFF) << 8) | (in.get(start + 1) & 0xFF);
        if (in.remaining() < 2 + length) {
            return null;
        }
        in.position(start + 2 + length);
        // Decrypted where it lies: no copy of the frame first.
        return receive.decryptWithAd(NO_AD, in.array(), in.arrayOffset() + start + 2, length);
    }
}
