package org.olocus.discovery.transport.internal.multistream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.olocus.discovery.transport.internal.ProtocolViolationException;

/**
 * The multistream-select 1.0 message format: an unsigned varint length (which counts the trailing newline), then
 * the UTF-8 text, then {@code '\n'}. Lines are bounded by {@link #MAX_LINE} bytes.
 */
public final class MultistreamCodec {
    /** Largest message body (text plus newline) we accept or send. */
    public static final int MAX_LINE = 1024;
    /** A length up to {@link #MAX_LINE} never needs more than two varint bytes. */
    private static final int MAX_VARINT_BYTES = 2;

    private MultistreamCodec() {
    }

    /** Encodes one line; {@code text} must not contain a newline and must fit in {@link #MAX_LINE}. */
    public static byte[] encode(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (text.indexOf('\n') >= 0 || body.length + 1 > MAX_LINE) {
            throw new IllegalArgumentException("multistream line '" + text + "' is too long or has a newline");
        }
        int length = body.length + 1;
        ByteBuffer out = ByteBuffer.allocate(length + MAX_VARINT_BYTES);
        if (length < 0x80) {
            out.put((byte) length);
        } else {
            out.put((byte) ((length & 0x7F) | 0x80)).put((byte) (length >>> 7));
        }
        out.put(body).put((byte) '\n');
        byte[] result = new byte[out.position()];
        out.flip().get(result);
        return result;
    }

    /**
     * Reads the next complete line from {@code in} and returns its text without the newline, or {@code null} when
     * more bytes are needed (then {@code in}'s position is unchanged).
     *
     * @throws ProtocolViolationException on a bad varint, an empty or oversized line, a missing newline or
     *                                    invalid UTF-8
     */
    public static String decode(ByteBuffer in) {
        int start = in.position();
        int length = 0;
        int shift = 0;
        int varintBytes = 0;
        while (true) {
            if (!in.hasRemaining()) {
                in.position(start);
                return null;
            }
            int b = in.get() & 0xFF;
            varintBytes++;
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (varintBytes > 1 && b == 0) {
                    throw new ProtocolViolationException("multistream length varint is not minimal");
                }
                break;
            }
            shift += 7;
            if (varintBytes >= MAX_VARINT_BYTES) {
                throw new ProtocolViolationException("multistream length varint is longer than "
                        + MAX_VARINT_BYTES + " bytes (line over " + MAX_LINE + " bytes)");
            }
        }
        if (length == 0 || length > MAX_LINE) {
            throw new ProtocolViolationException("multistream line length " + length + " is outside 1.." + MAX_LINE);
        }
        if (in.remaining() < length) {
            in.position(start);
            return null;
        }
        byte[] body = new byte[length];
        in.get(body);
        if (body[length - 1] != '\n') {
            throw new ProtocolViolationException("multistream line does not end with a newline");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(body, 0, length - 1)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ProtocolViolationException("multistream line is not valid UTF-8", e);
        }
    }
}
