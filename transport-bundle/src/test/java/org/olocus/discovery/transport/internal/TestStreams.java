package org.olocus.discovery.transport.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.olocus.discovery.transport.internal.connection.Libp2pConnection;
import org.olocus.discovery.transport.internal.connection.Libp2pStream;
import org.olocus.discovery.transport.internal.connection.StreamListener;

/** Stream listeners and a concurrent echo exercise shared by the host tests. */
public final class TestStreams {
    /** The echo protocol of the tests (served by the Java test hosts and the js fixture). */
    public static final String ECHO = "/olocus/test/echo/1.0.0";

    private TestStreams() {
    }

    /** Opens {@code count} streams at once, sends {@code size} random bytes on each, and checks the echoes. */
    public static void echoConcurrently(Libp2pConnection connection, int count, int size) throws Exception {
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
                writeChained(stream, data, 10_000).whenComplete((v, err) -> {
                    if (err != null) {
                        collector.done.completeExceptionally(err);
                    }
                });
            });
        }
        for (int i = 0; i < count; i++) {
            assertArrayEquals(sent.get(i), echoed.get(i).get(30, TimeUnit.SECONDS), "stream " + i);
        }
    }

    /**
     * Writes {@code data} in chunks of {@code chunk} bytes, each after the previous one left the send queue, then
     * half-closes; the future completes after the last chunk (or fails with the first failed write).
     */
    static CompletableFuture<Void> writeChained(Libp2pStream stream, byte[] data, int chunk) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writeFrom(stream, data, 0, chunk, done);
        return done;
    }

    private static void writeFrom(Libp2pStream stream, byte[] data, int off, int chunk, CompletableFuture<Void> done) {
        if (off >= data.length) {
            stream.closeWrite();
            done.complete(null);
            return;
        }
        int end = Math.min(data.length, off + chunk);
        stream.write(Arrays.copyOfRange(data, off, end)).whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                writeFrom(stream, data, end, chunk, done);
            }
        });
    }

    /**
     * Echoes everything and closes when the remote does; received bytes count as consumed once their echo left the
     * send queue (flow control: a sender that does not read is held to one window).
     */
    public static final class EchoListener implements StreamListener {
        @Override
        public void onData(Libp2pStream stream, byte[] data) {
            stream.holdWindow();
            stream.write(data).whenComplete((v, e) -> {
                if (e != null) {
                    stream.reset();
                } else {
                    stream.consumed(data.length);
                }
            });
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
    public static final class Collector implements StreamListener {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        public final CompletableFuture<byte[]> done = new CompletableFuture<>();

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
