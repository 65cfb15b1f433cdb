package org.olocus.discovery.transport.internal.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.yamux.YamuxFrame.Type;

class YamuxFrameTest {
    private static final int MAX = YamuxSession.INITIAL_WINDOW;

    @Test
    void headerLayoutIsBigEndian() {
        byte[] wire = YamuxFrame.control(Type.WINDOW_UPDATE, YamuxFrame.SYN | YamuxFrame.ACK, 0x01020304, 0x40000)
                .encode();
        assertEquals("0001000301020304" + "00040000", HexFormat.of().formatHex(wire));
    }

    @Test
    void dataFrameRoundTrips() {
        YamuxFrame frame = YamuxFrame.data(3, YamuxFrame.FIN, new byte[] {7, 8, 9});
        YamuxFrame decoded = YamuxFrame.decode(ByteBuffer.wrap(frame.encode()), MAX);
        assertEquals(Type.DATA, decoded.type());
        assertEquals(3, decoded.streamId());
        assertTrue(decoded.has(YamuxFrame.FIN));
        assertArrayEquals(new byte[] {7, 8, 9}, decoded.data());
    }

    @Test
    void unsignedLengthsSurvive() {
        YamuxFrame ping = YamuxFrame.control(Type.PING, YamuxFrame.SYN, 0, 0xFFFFFFFFL);
        assertEquals(0xFFFFFFFFL, YamuxFrame.decode(ByteBuffer.wrap(ping.encode()), MAX).length());
    }

    @Test
    void partialFramesWait() {
        byte[] wire = YamuxFrame.data(1, 0, new byte[100]).encode();
        ByteBuffer header = ByteBuffer.wrap(wire, 0, 11);
        assertNull(YamuxFrame.decode(header, MAX));
        ByteBuffer partialData = ByteBuffer.wrap(wire, 0, 50);
        assertNull(YamuxFrame.decode(partialData, MAX));
        assertEquals(0, partialData.position());
    }

    private static byte[] header(int version, int type, int flags, int stream, int length) {
        return ByteBuffer.allocate(12).put((byte) version).put((byte) type).putShort((short) flags).putInt(stream)
                .putInt(length).array();
    }

    @Test
    void malformedHeadersAreRejected() {
        assertThrows(ProtocolViolationException.class,
                () -> YamuxFrame.decode(ByteBuffer.wrap(header(1, 0, 0, 1, 0)), MAX), "version");
        assertThrows(ProtocolViolationException.class,
                () -> YamuxFrame.decode(ByteBuffer.wrap(header(0, 4, 0, 1, 0)), MAX), "type");
        assertThrows(ProtocolViolationException.class,
                () -> YamuxFrame.decode(ByteBuffer.wrap(header(0, 0, 0x10, 1, 0)), MAX), "flags");
        assertThrows(ProtocolViolationException.class,
                () -> YamuxFrame.decode(ByteBuffer.wrap(header(0, 2, 1, 5, 0)), MAX), "ping on a stream");
        assertThrows(ProtocolViolationException.class,
                () -> YamuxFrame.decode(ByteBuffer.wrap(header(0, 3, 0, 5, 0)), MAX), "go away on a stream");
        assertThrows(ProtocolViolationException.class,
                () -> YamuxFrame.decode(ByteBuffer.wrap(header(0, 0, 0, 0, 0)), MAX), "data on stream 0");
        assertThrows(ProtocolViolationException.class,
                () -> YamuxFrame.decode(ByteBuffer.wrap(header(0, 1, 0, 0, 0)), MAX), "window on stream 0");
    }

    @Test
    void oversizedDataIsRejectedBeforeBuffering() {
        ByteBuffer in = ByteBuffer.wrap(header(0, 0, 0, 1, MAX + 1));
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class, () -> YamuxFrame.decode(in,
                MAX));
        assertTrue(e.getMessage().contains(String.valueOf(MAX + 1)));
        assertThrows(ProtocolViolationException.class,
                () -> YamuxFrame.decode(ByteBuffer.wrap(header(0, 0, 0, 1, -1)), MAX));
    }

    @Test
    void inconsistentFramesCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class,
                () -> new YamuxFrame(Type.DATA, 0, 1, 5, new byte[4]));
        assertThrows(IllegalArgumentException.class,
                () -> new YamuxFrame(Type.PING, 0, 0, 0, new byte[1]));
        assertThrows(IllegalArgumentException.class,
                () -> YamuxFrame.control(Type.PING, 0, 0, 1L << 32));
    }
}
