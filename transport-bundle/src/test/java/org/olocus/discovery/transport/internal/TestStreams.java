package org.olocus.discovery.transport.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Stream listeners and a concurrent echo exercise shared by the host tests. */
final class TestStreams {
    /** The echo protocol of the tests (served by the Java test hosts and the js fixture). */
    static final String ECHO = "/olocus/test/echo/1.0.0";

    private TestStreams() {
    }

    /** Opens {@code count} streams at once, sends {@code size} random bytes on each, and checks the echoes. */
    static void echoConcurrently(Libp2pConnection connection, int count, int size) throws Exception {
        Random random = new Random(42);
        List<byte[]> sent = new ArrayList<>();
        List<CompletableFuture<byte[]>> echoed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            sent.add(data);
            Collector collector = new Collector();
            echoed.add(collector.done);
            connection.newStream(ECHO, s -> collector).whenComplete((stream, e) -> {
                if (e != null) {
                    collector.done.completeExceptionally(e);
                    return;
                }
                for (int off = 0; off < data.length; off += 10_000) {
                    stream.write(Arrays.copyOfRange(data, off, Math.min(data.length, off + 10_000)));
                }
                stream.closeWrite();
            });
        }
        for (int i = 0; i < count; i++) {
            assertArrayEquals(sent.get(i), echoed.get(i).get(30, TimeUnit.SECONDS), "stream " + i);
        }
    }

    /** Echoes everything and closes when the remote does. */
    static final class EchoListener implements StreamListener {
        @Override
        public void onData(Libp2pStream stream, byte[] data) {
            stream.write(data);
        }

        @Override
        public void onRemoteClose(Libp2pStream stream) {
            stream.closeWrite();
        }

        @Override
        public void onReset(Libp2pStream stream) {
        }
    }

    /** Collects a stream's bytes until the remote closes. */
    static final class Collector implements StreamListener {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();

        @Override
        public void onData(Libp2pStream stream, byte[] data) {
            bytes.writeBytes(data);
        }

        @Override
        public void onRemoteClose(Libp2pStream stream) {
            done.complete(bytes.toByteArray());
        }

        @Override
        public void onReset(Libp2pStream stream) {
            done.completeExceptionally(new IllegalStateException("stream reset"));
        }
    }
}
