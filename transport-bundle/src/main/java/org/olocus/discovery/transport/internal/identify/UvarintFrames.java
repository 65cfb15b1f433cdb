package org.olocus.discovery.transport.internal.identify;

import java.nio.ByteBuffer;

import org.olocus.discovery.transport.internal.ProtocolViolationException;

/**
 * Unsigned-varint length-prefixed messages, the framing of identify, Kademlia and other libp2p stream protocols.
 * Every read is bounded by a caller-given maximum.
 */
public final class UvarintFrames {
    /** A length up to 2^35 fits in five varint bytes; every bound we use is far below. */
    private static final int MAX_VARINT_BYTES = 5;

    private UvarintFrames() {
    }

    /** Prefixes {@code message} with its length. */
    public static byte[] frame(byte[] message) {
        byte[] prefix = new byte[MAX_VARINT_BYTES];
        int n = 0;
        int value = message.length;
        while ((value & ~0x7F) != 0) {
            prefix[n++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        prefix[n++] = (byte) value;
        byte[] out = new byte[n + message.length];
        System.arraycopy(prefix, 0, out, 0, n);
        System.arraycopy(message, 0, out, n, message.length);
        return out;
    }

    /**
     * The next complete message, or {@code null} (position unchanged) when more bytes are needed.
     *
     * @param max largest message accepted
     * @throws ProtocolViolationException for a malformed length or one above {@code max}
     */
    public static byte[] next(ByteBuffer in, int max) {
        int start = in.position();
        long length = 0;
        for (int i = 0; ; i++) {
            if (i == MAX_VARINT_BYTES) {
                throw new ProtocolViolationException("message length varint is longer than " + MAX_VARINT_BYTES
                        + " bytes");
            }
            if (!in.hasRemaining()) {
                in.position(start);
                return null;
            }
            int b = in.get() & 0xFF;
            length |= (long) (b & 0x7F) << (7 * i);
            if (length > max) {
                throw new ProtocolViolationException("message of " + length + "+ bytes exceeds " + max);
            }
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (in.remaining() < length) {
            in.position(start);
            return null;
        }
        byte[] message = new byte[(int) length];
        in.get(message);
        return message;
    }
}
