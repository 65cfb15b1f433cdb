package org.olocus.discovery.transport.internal;

import java.nio.ByteBuffer;

/**
 * Bytes received but not yet consumed by an engine, with a hard size limit: an engine that needs more bytes
 * leaves its partial message here, and a remote that makes us hold more than the limit breaks the protocol.
 * Not thread-safe.
 */
public final class ByteAccumulator {
    private final String what;
    private final int max;
    private byte[] buffer = new byte[1024];
    private int start;
    private int end;

    public ByteAccumulator(String what, int max) {
        this.what = what;
        this.max = max;
    }

    /** Appends {@code length} bytes of {@code data} from {@code offset}. */
    void append(byte[] data, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(data, offset, buffer, end, length);
        end += length;
    }

    public void append(byte[] data) {
        append(data, 0, data.length);
    }

    /** Makes room for {@code length} more bytes and returns the array to write them at {@link #writeIndex()}. */
    public byte[] reserve(int length) {
        ensureRoom(length);
        return buffer;
    }

    public int writeIndex() {
        return end;
    }

    public void advanceWrite(int length) {
        end += length;
    }

    private void ensureRoom(int length) {
        int held = end - start;
        if ((long) held + length > max) {
            throw new ProtocolViolationException("the remote made us buffer more than " + max + " bytes of "
                    + what + " without a complete message");
        }
        if (end + length <= buffer.length) {
            return;
        }
        byte[] target = held + length <= buffer.length ? buffer
                : new byte[Math.min(max, Math.max(held + length, buffer.length * 2))];
        System.arraycopy(buffer, start, target, 0, held);
        buffer = target;
        start = 0;
        end = held;
    }

    /** A view of the unconsumed bytes; hand it back to {@link #consumedTo} after reading from it. */
    public ByteBuffer view() {
        return ByteBuffer.wrap(buffer, start, end - start);
    }

    /** Drops everything before {@code view.position()}. */
    public void consumedTo(ByteBuffer view) {
        start = view.position();
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    public int size() {
        return end - start;
    }

    /** How many more bytes may be appended before the limit. */
    public int room() {
        return max - (end - start);
    }

    /** Takes every unconsumed byte out. */
    public byte[] drain() {
        byte[] out = new byte[end - start];
        System.arraycopy(buffer, start, out, 0, out.length);
        start = 0;
        end = 0;
        return out;
    }
}
