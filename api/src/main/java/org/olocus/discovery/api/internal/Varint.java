package org.olocus.discovery.api.internal;

import java.io.ByteArrayOutputStream;

/** Unsigned LEB128 varints as used by multiformats (at most 9 bytes, minimal encoding, values below 2^63). */
public final class Varint {
    public static final int MAX_BYTES = 9;

    private Varint() {
    }

    /** Writes {@code value} (which must not be negative). */
    public static void write(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint value must not be negative: " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** Number of bytes {@link #write} uses for {@code value}. */
    public static int size(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /**
     * A cursor reading varints and byte runs from a bounded array; every failure names the offset and what was
     * expected, so callers can wrap it with their own context.
     */
    public static final class Reader {
        private final byte[] bytes;
        private int pos;

        public Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        public boolean hasMore() {
            return pos < bytes.length;
        }

        public int position() {
            return pos;
        }

        public int remaining() {
            return bytes.length - pos;
        }

        public long readVarint(String what) {
            long value = 0;
            int start = pos;
            for (int i = 0; i < MAX_BYTES; i++) {
                if (pos >= bytes.length) {
                    throw new IllegalArgumentException("truncated varint for " + what + " at byte " + start);
                }
                int b = bytes[pos++] & 0xFF;
                value |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (b == 0 && i > 0) {
                        throw new IllegalArgumentException("non-minimal varint for " + what + " at byte " + start);
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException("varint for " + what + " at byte " + start + " is longer than "
                    + MAX_BYTES + " bytes");
        }

        /** Reads a varint that must fit in an int and not exceed {@code max}. */
        public int readLength(String what, int max) {
            long v = readVarint(what);
            if (v > max) {
                throw new IllegalArgumentException(what + " length " + v + " exceeds the limit of " + max);
            }
            return (int) v;
        }

        public byte[] readBytes(int n, String what) {
            if (n < 0 || n > remaining()) {
                throw new IllegalArgumentException("truncated " + what + ": needs " + n + " bytes at byte " + pos
                        + ", only " + remaining() + " left");
            }
            byte[] out = new byte[n];
            System.arraycopy(bytes, pos, out, 0, n);
            pos += n;
            return out;
        }
    }
}
