package org.olocus.discovery.transport.internal.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.yamux.YamuxFrame.Type;

class YamuxSessionTest {

    /** Records what a session reports. */
    private static class Recorder implements YamuxHandler {
        final List<Integer> inbound = new ArrayList<>();
        final Map<Integer, Integer> received = new HashMap<>();
        final Set<Integer> remoteClosed = new HashSet<>();
        final Set<Integer> reset = new HashSet<>();
        final List<Long> pongs = new ArrayList<>();
        final List<Long> goAways = new ArrayList<>();

        @Override
        public void onInboundStream(int streamId) {
            inbound.add(streamId);
        }

        @Override
        public void onData(int streamId, byte[] data) {
            received.merge(streamId, data.length, Integer::sum);
        }

        @Override
        public void onRemoteClose(int streamId) {
            remoteClosed.add(streamId);
        }

        @Override
        public void onReset(int streamId) {
            reset.add(streamId);
        }

        @Override
        public void onPong(long opaque) {
            pongs.add(opaque);
        }

        @Override
        public void onGoAway(long code) {
            goAways.add(code);
        }
    }

    /**
     * Two sessions joined in memory through the codec. It also checks flow control from the outside: per
     * direction and stream, data sent never exceeds the initial window plus the updates the receiver granted.
     */
    private static final class Pair {
        final ArrayDeque<YamuxFrame> toServer = new ArrayDeque<>();
        final ArrayDeque<YamuxFrame> toClient = new ArrayDeque<>();
        final Map<String, Long> credit = new HashMap<>();
        final YamuxSession client;
        final YamuxSession server;

        Pair(YamuxHandler clientHandler, YamuxHandler serverHandler, YamuxSession.Config config) {
            client = new YamuxSession(true, config, toServer::add, clientHandler);
            server = new YamuxSession(false, config, toClient::add, serverHandler);
        }

        void pump() {
            int guard = 0;
            while (!toServer.isEmpty() || !toClient.isEmpty()) {
                assertTrue(++guard < 10_000_000, "in-memory exchange does not settle");
                if (!toServer.isEmpty()) {
                    deliver(toServer.poll(), "c>s", "s>c", server);
                }
                if (!toClient.isEmpty()) {
                    deliver(toClient.poll(), "s>c", "c>s", client);
                }
            }
        }

        private void deliver(YamuxFrame frame, String direction, String reverse, YamuxSession to) {
            if (frame.type() == Type.DATA) {
                long left = credit.merge(direction + frame.streamId(), -frame.length(), Long::sum);
                assertTrue(left + YamuxSession.INITIAL_WINDOW >= 0, "window exceeded on " + direction + " stream "
                        + frame.streamId());
            } else if (frame.type() == Type.WINDOW_UPDATE) {
                credit.merge(reverse + frame.streamId(), frame.length(), Long::sum);
            }
            to.receive(ByteBuffer.wrap(frame.encode()));
        }
    }

    @Test
    void hundredStreamsEachEchoOneMebibyte() {
        byte[] payload = new byte[1024 * 1024];
        new Random(42).nextBytes(payload);
        Map<Integer, Integer> echoedOffset = new HashMap<>();
        Set<Integer> closed = new HashSet<>();
        Pair[] pair = new Pair[1];
        YamuxHandler echo = new Recorder() {
            @Override
            public void onData(int streamId, byte[] data) {
                pair[0].server.write(streamId, data);
            }

            @Override
            public void onRemoteClose(int streamId) {
                pair[0].server.closeWrite(streamId);
            }
        };
        YamuxHandler verifier = new Recorder() {
            @Override
            public void onData(int streamId, byte[] data) {
                int offset = echoedOffset.getOrDefault(streamId, 0);
                assertArrayEquals(java.util.Arrays.copyOfRange(payload, offset, offset + data.length), data,
                        "stream " + streamId + " at " + offset);
                echoedOffset.put(streamId, offset + data.length);
            }

            @Override
            public void onRemoteClose(int streamId) {
                closed.add(streamId);
            }
        };
        pair[0] = new Pair(verifier, echo, YamuxSession.Config.defaults());
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int id = pair[0].client.openStream();
            assertEquals(1, id & 1, "client stream ids are odd");
            ids.add(id);
            pair[0].client.write(id, payload);
            pair[0].client.closeWrite(id);
        }
        pair[0].pump();
        for (int id : ids) {
            assertEquals(payload.length, echoedOffset.get(id), "stream " + id + " echoed in full");
        }
        assertEquals(Set.copyOf(ids), closed);
        assertEquals(0, pair[0].client.streamCount());
        assertEquals(0, pair[0].server.streamCount());
        assertFalse(pair[0].client.isGoingAway() || pair[0].server.isGoingAway());
    }

    @Test
    void serverStreamsAreEvenAndWritesWaitForTheWindow() {
        Recorder clientEvents = new Recorder();
        Pair pair = new Pair(clientEvents, new Recorder(), YamuxSession.Config.defaults());
        int id = pair.server.openStream();
        assertEquals(0, id & 1);
        pair.pump();
        assertEquals(List.of(id), clientEvents.inbound);

        // The client handler never consumes slowly here, so the window refills; check the queue instead:
        pair.server.write(id, new byte[YamuxSession.INITIAL_WINDOW + 1000]);
        assertEquals(1000, pair.server.pendingBytes(id), "only one window's worth goes out before an update");
        assertEquals(0, pair.server.sendWindow(id));
        pair.pump();
        assertEquals(0, pair.server.pendingBytes(id));
        assertEquals(YamuxSession.INITIAL_WINDOW + 1000, clientEvents.received.get(id));
    }

    @Test
    void writeFuturesCompleteWhenTheWindowAdmitsTheBytesAndFailOnReset() {
        Pair pair = new Pair(new Recorder(), new Recorder(), YamuxSession.Config.defaults());
        int id = pair.client.openStream();
        java.util.concurrent.CompletableFuture<Void> first = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> second = new java.util.concurrent.CompletableFuture<>();
        pair.client.write(id, new byte[YamuxSession.INITIAL_WINDOW - 10], first);
        pair.client.write(id, new byte[100], second);
        assertTrue(first.isDone(), "inside the window: sent at once");
        assertFalse(second.isDone(), "90 bytes wait for a window update");
        assertEquals(90, pair.client.queuedBytes());
        pair.pump();
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        assertEquals(0, pair.client.queuedBytes());

        // Queued writes fail when the stream is reset, and the session's queue count drops with them.
        java.util.concurrent.CompletableFuture<Void> third = new java.util.concurrent.CompletableFuture<>();
        pair.client.write(id, new byte[2 * YamuxSession.INITIAL_WINDOW], third);
        assertTrue(pair.client.queuedBytes() > 0);
        pair.client.reset(id);
        assertTrue(third.isCompletedExceptionally());
        assertEquals(0, pair.client.queuedBytes());

        // And when the connection ends.
        int other = pair.client.openStream();
        java.util.concurrent.CompletableFuture<Void> fourth = new java.util.concurrent.CompletableFuture<>();
        pair.client.write(other, new byte[2 * YamuxSession.INITIAL_WINDOW], fourth);
        pair.client.terminate(new java.nio.channels.ClosedChannelException());
        assertTrue(fourth.isCompletedExceptionally());
        assertEquals(0, pair.client.queuedBytes());
        assertEquals(0, pair.client.streamCount());
    }

    @Test
    void windowOverrunGetsGoAwayWithProtocolError() {
        List<YamuxFrame> sent = new ArrayList<>();
        YamuxSession server = new YamuxSession(false, YamuxSession.Config.defaults(), sent::add, new Recorder());
        // 100 KiB stays below the half-window mark, so no update is granted before the 200 KiB that overrun it.
        server.receive(YamuxFrame.data(1, YamuxFrame.SYN, new byte[100 * 1024]));
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> server.receive(YamuxFrame.data(1, 0, new byte[200 * 1024])));
        assertTrue(e.getMessage().contains("receive window"), e.getMessage());
        YamuxFrame last = sent.get(sent.size() - 1);
        assertEquals(Type.GO_AWAY, last.type());
        assertEquals(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, last.length());
        assertThrows(IllegalStateException.class, () -> server.receive(YamuxFrame.control(Type.PING,
                YamuxFrame.SYN, 0, 1)));
    }

    @Test
    void malformedBytesGetGoAway() {
        List<YamuxFrame> sent = new ArrayList<>();
        YamuxSession server = new YamuxSession(false, YamuxSession.Config.defaults(), sent::add, new Recorder());
        ByteBuffer garbage = ByteBuffer.wrap(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        assertThrows(ProtocolViolationException.class, () -> server.receive(garbage));
        assertEquals(Type.GO_AWAY, sent.get(0).type());
    }

    @Test
    void streamIdRulesAreEnforced() {
        YamuxSession server = new YamuxSession(false, YamuxSession.Config.defaults(), f -> { }, new Recorder());
        assertThrows(ProtocolViolationException.class,
                () -> server.receive(YamuxFrame.control(Type.WINDOW_UPDATE, YamuxFrame.SYN, 2, 0)), "our parity");
        YamuxSession again = new YamuxSession(false, YamuxSession.Config.defaults(), f -> { }, new Recorder());
        again.receive(YamuxFrame.control(Type.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0));
        assertThrows(ProtocolViolationException.class,
                () -> again.receive(YamuxFrame.control(Type.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0)), "reused id");
    }

    @Test
    void windowUpdateOverflowIsAViolation() {
        YamuxSession client = new YamuxSession(true, YamuxSession.Config.defaults(), f -> { }, new Recorder());
        int id = client.openStream();
        assertThrows(ProtocolViolationException.class,
                () -> client.receive(YamuxFrame.control(Type.WINDOW_UPDATE, 0, id, 0xFFFFFFFFL)));
    }

    @Test
    void dataAfterFinIsAViolation() {
        YamuxSession server = new YamuxSession(false, YamuxSession.Config.defaults(), f -> { }, new Recorder());
        server.receive(YamuxFrame.data(1, YamuxFrame.SYN | YamuxFrame.FIN, new byte[1]));
        assertThrows(ProtocolViolationException.class, () -> server.receive(YamuxFrame.data(1, 0, new byte[1])));
    }

    @Test
    void streamsBeyondTheLimitAreReset() {
        Recorder clientEvents = new Recorder();
        Recorder serverEvents = new Recorder();
        Pair pair = new Pair(clientEvents, serverEvents, new YamuxSession.Config(1024, 16 * 1024, true));
        YamuxSession strictServer = new YamuxSession(false, new YamuxSession.Config(3, 16 * 1024, true),
                pair.toClient::add, serverEvents);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(pair.client.openStream());
        }
        while (!pair.toServer.isEmpty()) {
            strictServer.receive(pair.toServer.poll());
        }
        while (!pair.toClient.isEmpty()) {
            pair.client.receive(pair.toClient.poll());
        }
        assertEquals(ids.subList(0, 3), serverEvents.inbound);
        assertEquals(Set.copyOf(ids.subList(3, 5)), clientEvents.reset);
        assertEquals(3, pair.client.streamCount());
        assertEquals(3, strictServer.streamCount());
    }

    @Test
    void resetDropsTheStreamOnBothSides() {
        Recorder serverEvents = new Recorder();
        Pair pair = new Pair(new Recorder(), serverEvents, YamuxSession.Config.defaults());
        int id = pair.client.openStream();
        pair.client.write(id, new byte[10]);
        pair.pump();
        pair.client.reset(id);
        pair.pump();
        assertEquals(Set.of(id), serverEvents.reset);
        assertEquals(0, pair.client.streamCount());
        assertEquals(0, pair.server.streamCount());
        assertThrows(IllegalArgumentException.class, () -> pair.client.write(id, new byte[1]));
    }

    @Test
    void pingIsAnswered() {
        Recorder clientEvents = new Recorder();
        Pair pair = new Pair(clientEvents, new Recorder(), YamuxSession.Config.defaults());
        pair.client.ping(0xDEADBEEFL);
        pair.pump();
        assertEquals(List.of(0xDEADBEEFL), clientEvents.pongs);
    }

    @Test
    void goAwayStopsNewStreams() {
        Recorder clientEvents = new Recorder();
        Pair pair = new Pair(clientEvents, new Recorder(), YamuxSession.Config.defaults());
        int open = pair.client.openStream();
        pair.pump();
        pair.server.goAway(YamuxFrame.GO_AWAY_NORMAL);
        pair.pump();
        assertEquals(List.of((long) YamuxFrame.GO_AWAY_NORMAL), clientEvents.goAways);
        assertThrows(IllegalStateException.class, pair.client::openStream);
        assertThrows(IllegalStateException.class, pair.server::openStream);
        pair.client.write(open, new byte[] {1}); // existing streams keep working
        pair.pump();
    }

    @Test
    void halfCloseKeepsTheOtherDirectionOpen() {
        Recorder serverEvents = new Recorder();
        Recorder clientEvents = new Recorder();
        Pair pair = new Pair(clientEvents, serverEvents, YamuxSession.Config.defaults());
        int id = pair.client.openStream();
        pair.client.closeWrite(id);
        pair.pump();
        assertEquals(Set.of(id), serverEvents.remoteClosed);
        assertThrows(IllegalStateException.class, () -> pair.client.write(id, new byte[1]));
        pair.server.write(id, new byte[] {1, 2});
        pair.server.closeWrite(id);
        pair.pump();
        assertEquals(2, clientEvents.received.get(id));
        assertEquals(0, pair.client.streamCount());
        assertEquals(0, pair.server.streamCount());
    }

    @Test
    void slowReaderHoldsTheWriterBack() {
        Recorder clientEvents = new Recorder();
        Pair pair = new Pair(clientEvents, new Recorder(), YamuxSession.Config.defaults());
        YamuxSession slowClient = new YamuxSession(true, new YamuxSession.Config(16, 64 * 1024, false),
                pair.toServer::add, clientEvents);
        int id = slowClient.openStream();
        while (!pair.toServer.isEmpty()) {
            pair.server.receive(pair.toServer.poll());
        }
        pair.server.write(id, new byte[1024 * 1024]);
        Runnable exchange = () -> {
            while (!pair.toServer.isEmpty() || !pair.toClient.isEmpty()) {
                if (!pair.toClient.isEmpty()) {
                    slowClient.receive(pair.toClient.poll());
                }
                if (!pair.toServer.isEmpty()) {
                    pair.server.receive(pair.toServer.poll());
                }
            }
        };
        exchange.run();
        assertEquals(YamuxSession.INITIAL_WINDOW, clientEvents.received.get(id), "nothing beyond one window");
        assertEquals(1024 * 1024 - YamuxSession.INITIAL_WINDOW, pair.server.pendingBytes(id));

        slowClient.consume(id, 100 * 1024);
        exchange.run();
        assertEquals(YamuxSession.INITIAL_WINDOW, clientEvents.received.get(id), "below half a window: no update");
        slowClient.consume(id, 100 * 1024);
        exchange.run();
        assertEquals(YamuxSession.INITIAL_WINDOW + 200 * 1024, clientEvents.received.get(id));
        assertThrows(IllegalArgumentException.class, () -> slowClient.consume(id, YamuxSession.INITIAL_WINDOW + 1));
        assertThrows(IllegalStateException.class, () -> pair.server.consume(id, 1));
    }
}
