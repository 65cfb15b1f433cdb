package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.TestStreams;

/**
 * Write-side flow control: a write's future completes when its bytes left the Yamux send queue (the remote's
 * window admitted them), and a connection refuses writes piled beyond its queue bound instead of growing.
 */
class ConnectionWriteFlowTest {
    private static final String SINK = "/olocus/test/sink/1.0.0";
    private static final int KIB = 1024;
    private static final long QUEUE_LIMIT = 1024 * KIB;
    private Libp2pHost a;
    private Libp2pHost b;
    /** The server side of the sink stream: holds its window and consumes only when the test says so. */
    private final CompletableFuture<Libp2pStream> sinkSide = new CompletableFuture<>();
    private Libp2pConnection ab;

    @BeforeEach
    void start() throws Exception {
        HostConfig config = HostConfig.defaults()
                .withLimits(ConnectionLimits.defaults().withMaxQueuedWriteBytes(QUEUE_LIMIT));
        a = new Libp2pHost(new Ed25519TestPeer(), config);
        b = new Libp2pHost(new Ed25519TestPeer(), config);
        b.handle(SINK, stream -> {
            stream.holdWindow();
            sinkSide.complete(stream);
            return new TestStreams.Collector();
        });
        ab = a.dial(b.listen(new InetSocketAddress("127.0.0.1", 0)).withPeerId(b.peerId())).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void aWriteCompletesOnlyWhenTheRemoteWindowAdmitsIt() throws Exception {
        Libp2pStream stream = ab.newStream(SINK, s -> new TestStreams.Collector()).get(10, TimeUnit.SECONDS);
        Libp2pStream remote = sinkSide.get(10, TimeUnit.SECONDS);
        stream.write(new byte[128 * KIB]).get(5, TimeUnit.SECONDS);
        // The window (256 KiB, less the negotiation bytes) cannot take 192 KiB more: part of it stays queued.
        CompletableFuture<Void> second = stream.write(new byte[192 * KIB]);
        Thread.sleep(300);
        assertFalse(second.isDone(), "queued behind the remote's window");
        long queued = onLoop(ab::queuedWriteBytes);
        assertTrue(queued > 0 && queued <= 192 * KIB, queued + " bytes queued");
        remote.consumed(128 * KIB); // the reader caught up: a window update lets the rest go
        second.get(5, TimeUnit.SECONDS);
        assertEquals(0L, (long) onLoop(ab::queuedWriteBytes));
    }

    @Test
    void writesPiledBeyondTheQueueBoundAreRefused() throws Exception {
        Libp2pStream stream = ab.newStream(SINK, s -> new TestStreams.Collector()).get(10, TimeUnit.SECONDS);
        Libp2pStream remote = sinkSide.get(10, TimeUnit.SECONDS);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // 2.5 MiB without waiting, to a reader that reads nothing
            writes.add(stream.write(new byte[64 * KIB]));
        }
        // Writes are taken in order on the event loop: once the last is answered, every one was.
        ConnectionManagerTest.await(() -> writes.get(writes.size() - 1).isDone());
        long refused = writes.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        assertTrue(refused >= 40 - (256 + 1024) / 64 - 1, refused + " writes refused");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> writes.get(writes.size() - 1).get(1, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("bytes queued (limit " + QUEUE_LIMIT + ")"), e.getCause().toString());
        assertEquals(refused, a.counters().get("write_queue_full"));
        long queued = onLoop(ab::queuedWriteBytes);
        assertTrue(queued <= QUEUE_LIMIT, queued + " bytes queued");
        // The reader gives up: the queued writes fail and the queue is empty again.
        remote.reset();
        ConnectionManagerTest.await(() -> writes.stream().allMatch(CompletableFuture::isDone));
        assertEquals(0L, (long) onLoop(ab::queuedWriteBytes));
        assertTrue(a.ping(ab).get(5, TimeUnit.SECONDS).toNanos() > 0, "the connection lives on");
    }

    /** Reads engine state on the connection's event loop. */
    private <T> T onLoop(java.util.function.Supplier<T> read) throws Exception {
        CompletableFuture<T> value = new CompletableFuture<>();
        ab.onLoop(() -> value.complete(read.get()));
        return value.get(5, TimeUnit.SECONDS);
    }
}
