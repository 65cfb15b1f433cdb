package org.olocus.discovery.transport.internal.multistream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.multistream.MultistreamSelect.Outcome;

class MultistreamSelectTest {

    @Test
    void encodesLengthIncludingNewline() {
        byte[] line = MultistreamCodec.encode("/noise");
        assertEquals(7, line[0]);
        assertEquals('\n', line[7]);
        assertEquals("/noise", MultistreamCodec.decode(ByteBuffer.wrap(line)));
    }

    @Test
    void twoByteVarintRoundTrips() {
        String text = "/" + "a".repeat(300);
        byte[] line = MultistreamCodec.encode(text);
        assertEquals(text, MultistreamCodec.decode(ByteBuffer.wrap(line)));
    }

    @Test
    void partialLineNeedsMoreBytesAndKeepsPosition() {
        byte[] line = MultistreamCodec.encode("/yamux/1.0.0");
        ByteBuffer partial = ByteBuffer.wrap(line, 0, line.length - 1);
        assertNull(MultistreamCodec.decode(partial));
        assertEquals(0, partial.position());
        assertNull(MultistreamCodec.decode(ByteBuffer.allocate(0)));
    }

    @Test
    void dialerAndListenerAgreeWithHeaderAndProposalInOneWrite() {
        MultistreamSelect dialer = MultistreamSelect.dialer(List.of("/noise"));
        MultistreamSelect listener = MultistreamSelect.listener(Set.of("/noise"));
        assertEquals(0, listener.start().length, "the listener waits for the dialer's header");

        MultistreamSelect.Step heard = listener.receive(ByteBuffer.wrap(dialer.start()));
        assertEquals(Outcome.SELECTED, heard.outcome());
        assertEquals("/noise", listener.selected());

        MultistreamSelect.Step answered = dialer.receive(ByteBuffer.wrap(heard.toSend()));
        assertEquals(Outcome.SELECTED, answered.outcome());
        assertEquals("/noise", dialer.selected());
        assertEquals(0, answered.toSend().length);
    }

    @Test
    void naThenSecondProposal() {
        MultistreamSelect dialer = MultistreamSelect.dialer(List.of("/mplex/6.7.0", "/yamux/1.0.0"));
        MultistreamSelect listener = MultistreamSelect.listener(Set.of("/yamux/1.0.0"));
        byte[] toListener = dialer.start();
        while (dialer.outcome() == Outcome.PENDING) {
            byte[] toDialer = listener.receive(ByteBuffer.wrap(toListener)).toSend();
            toListener = dialer.receive(ByteBuffer.wrap(toDialer)).toSend();
        }
        assertEquals("/yamux/1.0.0", dialer.selected());
        assertEquals("/yamux/1.0.0", listener.selected());
    }

    @Test
    void dialerIsRejectedWhenNothingMatches() {
        MultistreamSelect dialer = MultistreamSelect.dialer(List.of("/a", "/b"));
        MultistreamSelect listener = MultistreamSelect.listener(Set.of("/c"));
        byte[] toListener = dialer.start();
        while (dialer.outcome() == Outcome.PENDING) {
            byte[] toDialer = listener.receive(ByteBuffer.wrap(toListener)).toSend();
            toListener = dialer.receive(ByteBuffer.wrap(toDialer)).toSend();
        }
        assertEquals(Outcome.REJECTED, dialer.outcome());
        assertNull(dialer.selected());
        assertEquals(Outcome.PENDING, listener.outcome());
    }

    @Test
    void bytesAfterSelectionStayForTheNextProtocol() {
        MultistreamSelect listener = MultistreamSelect.listener(Set.of("/noise"));
        byte[] start = MultistreamSelect.dialer(List.of("/noise")).start();
        ByteBuffer in = ByteBuffer.allocate(start.length + 3).put(start).put(new byte[] {1, 2, 3}).flip();
        listener.receive(in);
        assertEquals(3, in.remaining());
    }

    @Test
    void bytesArrivingOneAtATimeStillNegotiate() {
        MultistreamSelect listener = MultistreamSelect.listener(Set.of("/noise"));
        byte[] start = MultistreamSelect.dialer(List.of("/noise")).start();
        ByteBuffer in = ByteBuffer.allocate(start.length);
        for (byte b : start) {
            in.put(b).flip();
            listener.receive(in);
            in.compact();
        }
        assertEquals("/noise", listener.selected());
    }

    @Test
    void oversizeLineIsRejected() {
        ByteBuffer in = ByteBuffer.wrap(new byte[] {(byte) 0x81, 0x08}); // 1025
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> MultistreamCodec.decode(in));
        assertTrue(e.getMessage().contains("1025"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MultistreamCodec.encode("x".repeat(1024)));
    }

    @Test
    void badVarintIsRejected() {
        assertThrows(ProtocolViolationException.class,
                () -> MultistreamCodec.decode(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01})));
        assertThrows(ProtocolViolationException.class,
                () -> MultistreamCodec.decode(ByteBuffer.wrap(new byte[] {(byte) 0x85, 0x00})));
        assertThrows(ProtocolViolationException.class,
                () -> MultistreamCodec.decode(ByteBuffer.wrap(new byte[] {0x00})));
    }

    @Test
    void missingNewlineIsRejected() {
        ByteBuffer in = ByteBuffer.wrap(new byte[] {3, 'a', 'b', 'c'});
        assertThrows(ProtocolViolationException.class, () -> MultistreamCodec.decode(in));
    }

    @Test
    void invalidUtf8IsRejected() {
        ByteBuffer in = ByteBuffer.wrap(new byte[] {3, (byte) 0xC3, (byte) 0x28, '\n'});
        assertThrows(ProtocolViolationException.class, () -> MultistreamCodec.decode(in));
    }

    @Test
    void wrongHeaderIsRejected() {
        MultistreamSelect listener = MultistreamSelect.listener(Set.of("/noise"));
        ByteBuffer in = ByteBuffer.wrap(MultistreamCodec.encode("/multistream/2.0.0"));
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class, () -> listener.receive(in));
        assertTrue(e.getMessage().contains("/multistream/2.0.0"));
    }

    @Test
    void listenerStopsAnsweringAfterTooManyProposals() {
        MultistreamSelect listener = MultistreamSelect.listener(Set.of("/noise"));
        ByteBuffer in = ByteBuffer.allocate(4096);
        in.put(MultistreamCodec.encode(MultistreamSelect.HEADER));
        for (int i = 0; i <= MultistreamSelect.MAX_PROPOSALS; i++) {
            in.put(MultistreamCodec.encode("/unknown/" + i));
        }
        in.flip();
        assertThrows(ProtocolViolationException.class, () -> listener.receive(in));
    }

    @Test
    void dialerRejectsAnUnexpectedAnswer() {
        MultistreamSelect dialer = MultistreamSelect.dialer(List.of("/noise"));
        dialer.start();
        ByteBuffer in = ByteBuffer.allocate(256).put(MultistreamCodec.encode(MultistreamSelect.HEADER))
                .put(MultistreamCodec.encode("/tls/1.0.0")).flip();
        assertThrows(ProtocolViolationException.class, () -> dialer.receive(in));
    }

    @Test
    void dialerListIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.dialer(List.of()));
        assertThrows(IllegalArgumentException.class, () -> MultistreamSelect.dialer(
                java.util.Collections.nCopies(MultistreamSelect.MAX_PROPOSALS + 1, "/x")));
    }

    @Test
    void headerBytesMatchTheWire() {
        byte[] expected = ("\u0013" + MultistreamSelect.HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(expected, MultistreamCodec.encode(MultistreamSelect.HEADER));
    }
}
