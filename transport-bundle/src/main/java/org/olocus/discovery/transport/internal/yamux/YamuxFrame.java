package org.olocus.discovery.transport.internal.yamux;

import java.nio.ByteBuffer;

import org.olocus.discovery.transport.internal.ProtocolViolationException;

/**
 * One Yamux frame (hashicorp/yamux spec.md): a 12-byte big-endian header — version (0), type, flags, stream id,
 * length — then, for {@link Type#DATA} only, {@code length} bytes of data. For the other types the length field
 * carries a window delta ({@link Type#WINDOW_UPDATE}), an opaque ping value ({@link Type#PING}) or an error code
 * ({@link Type#GO_AWAY}).
 *
 * @param type     the frame type
 * @param flags    a combination of {@link #SYN}, {@link #ACK}, {@link #FIN}, {@link #RST}
 * @param streamId the stream (0 for the session-level PING and GO_AWAY)
 * @param length   the header's 32-bit length field, unsigned
 * @param data     the data of a DATA frame (its length equals {@code length}); empty otherwise
 */
public record YamuxFrame(Type type, int flags, int streamId, long length, byte[] data) {
    /** Header size in bytes. */
    public static final int HEADER_SIZE = 12;
    public static final int SYN = 0x1;
    public static final int ACK = 0x2;
    public static final int FIN = 0x4;
    public static final int RST = 0x8;
    private static final int KNOWN_FLAGS = SYN | ACK | FIN | RST;
    private static final byte[] NO_DATA = new byte[0];

    /** GO_AWAY codes. */
    public static final int GO_AWAY_NORMAL = 0;
    public static final int GO_AWAY_PROTOCOL_ERROR = 1;
    public static final int GO_AWAY_INTERNAL_ERROR = 2;

    /** Frame types with their wire codes. */
    public enum Type {
        DATA, WINDOW_UPDATE, PING, GO_AWAY
    }

    public YamuxFrame {
        if (length < 0 || length > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("yamux length " + length + " does not fit in 32 bits");
        }
        if (type == Type.DATA ? data.length != length : data.length != 0) {
            throw new IllegalArgumentException("yamux " + type + " frame data does not match its length");
        }
    }

    /** A DATA frame carrying {@code data} (kept, not copied). */
    public static YamuxFrame data(int streamId, int flags, byte[] data) {
        return new YamuxFrame(Type.DATA, flags, streamId, data.length, data);
    }

    /** A frame without data: WINDOW_UPDATE, PING or GO_AWAY. */
    public static YamuxFrame control(Type type, int flags, int streamId, long length) {
        return new YamuxFrame(type, flags, streamId, length, NO_DATA);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Header and data, ready to write. */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + data.length);
        out.put((byte) 0).put((byte) type.ordinal()).putShort((short) flags).putInt(streamId)
                .putInt((int) length).put(data);
        return out.array();
    }

    /**
     * Reads the next complete frame from {@code in}, or returns {@code null} (position unchanged) when more bytes
     * are needed.
     *
     * @param maxData the largest DATA payload accepted (the receive window)
     * @throws ProtocolViolationException for a bad version, type, flags or stream id, or oversized data
     */
    public static YamuxFrame decode(ByteBuffer in, int maxData) {
        if (in.remaining() < HEADER_SIZE) {
            return null;
        }
        int start = in.position();
        int version = in.get() & 0xFF;
        int typeCode = in.get() & 0xFF;
        int flags = in.getShort() & 0xFFFF;
        int streamId = in.getInt();
        long length = in.getInt() & 0xFFFFFFFFL;
        if (version != 0) {
            throw new ProtocolViolationException("yamux version " + version + " is not 0");
        }
        if (typeCode >= Type.values().length) {
            throw new ProtocolViolationException("unknown yamux frame type " + typeCode);
        }
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new ProtocolViolationException("unknown yamux flags 0x" + Integer.toHexString(flags));
        }
        Type type = Type.values()[typeCode];
        boolean sessionLevel = type == Type.PING || type == Type.GO_AWAY;
        if (sessionLevel != (streamId == 0)) {
            throw new ProtocolViolationException("yamux " + type + " frame on stream " + Integer.toUnsignedString(
                    streamId) + (sessionLevel ? " (must be 0)" : " (0 is reserved)"));
        }
        if (type != Type.DATA) {
            return control(type, flags, streamId, length);
        }
        if (length > maxData) {
            throw new ProtocolViolationException("yamux data frame of " + length + " bytes exceeds " + maxData);
        }
        if (in.remaining() < length) {
            in.position(start);
            return null;
        }
        byte[] data = new byte[(int) length];
        in.get(data);
        return data(streamId, flags, data);
    }
}
