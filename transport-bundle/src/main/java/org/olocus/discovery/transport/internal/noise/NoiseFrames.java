package org.olocus.discovery.transport.internal.noise;

import java.nio.ByteBuffer;

/** libp2p's Noise framing: a 2-byte big-endian length, then that many bytes (so never more than 65535). */
public final class NoiseFrames {
    private NoiseFrames() {
    }

    /** Prefixes {@code message} with its length. */
    public static byte[] frame(byte[] message) {
        if (message.length > NoiseHandshake.MAX_MESSAGE) {
            throw new IllegalArgumentException("Noise message of " + message.length + " bytes exceeds "
                    + NoiseHandshake.MAX_MESSAGE);
        }
        byte[] out = new byte[message.length + 2];
        out[0] = (byte) (message.length >>> 8);
        out[1] = (byte) message.length;
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    /** The next complete frame's body, or {@code null} (position unchanged) when more bytes are needed. */
    public static byte[] next(ByteBuffer in) {
        if (in.remaining() < 2) {
            return null;
        }
        int start = in.position();
        int length = ((in.get() & 0xFF) << 8) | (in.get() & 0xFF);
        if (in.remaining() < length) {
            in.position(start);
            return null;
        }
        byte[] body = new byte[length];
        in.get(body);
        return body;
    }
}
