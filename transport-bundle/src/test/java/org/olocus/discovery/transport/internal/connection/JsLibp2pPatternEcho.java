package org.olocus.discovery.transport.internal.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many concurrent echo streams, each carrying a known byte pattern that is checked byte for byte as it comes back,
 * without holding the data in memory: the sender makes each chunk when the previous write completed, the checker
 * compares each arriving byte with the pattern at its position. {@link #patternByte} is the same function as in
 * {@code js-fixture/transport-node.mjs} (its {@code ECHO} command), so js can check what Java sends and the
 * other way round.
 */
final class JsLibp2pPatternEcho {
    /** Bytes per write. */
    static final int CHUNK = 64 * 1024;

    private JsLibp2pPatternEcho() {
    }

    /** Byte {@code position} (below 2^20) of stream {@code stream} (below 2^11): a hash, so no short period. */
    static byte patternByte(int stream, int position) {
        int x = (stream << 20) ^ position;
        x = (x ^ (x >>> 16)) * 0x45d9f3b;
        x = (x ^ (x >>> 16)) * 0x45d9f3b;
        return (byte) (x ^ (x >>> 16));
    }

    /**
     * Opens {@code count} streams of {@code protocol} on {@code connection} at once, sends {@code size} pattern
     * bytes on each and half-closes, and waits until every echo came back complete and unchanged.
     *
     * @return how long it took
     * @throws AssertionError naming the stream and byte that differed, or the progress made when time ran out
     */
    static Duration echo(Libp2pConnection connection, String protocol, int count, int size, Duration timeout)
            throws InterruptedException {
        long started = System.nanoTime();
        AtomicLong bytesBack = new AtomicLong();
        List<CompletableFuture<Void>> echoes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Checker checker = new Checker(i, size, bytesBack);
            echoes.add(checker.done);
            int index = i;
            connection.newStream(protocol, s -> checker)
                    .thenCompose(stream -> send(stream, index, 0, size))
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            checker.done.completeExceptionally(e);
                        }
                    });
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(echoes.toArray(CompletableFuture[]::new));
        echoes.forEach(f -> f.whenComplete((v, e) -> {
            if (e != null) {
                all.completeExceptionally(e); // the first failure ends the wait
            }
        }));
        try {
            all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("echo failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            long finished = echoes.stream().filter(CompletableFuture::isDone).count();
            throw new AssertionError("echo not done within " + timeout.toSeconds() + " s: " + finished + " of "
                    + count + " streams finished, " + bytesBack.get() + " of " + (long) count * size
                    + " bytes back");
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Writes the pattern from {@code offset} on, one chunk per completed write, then half-closes. */
    private static CompletableFuture<Void> send(Libp2pStream stream, int index, int offset, int size) {
        if (offset >= size) {
            stream.closeWrite();
            return CompletableFuture.completedFuture(null);
        }
        byte[] chunk = new byte[Math.min(CHUNK, size - offset)];
        for (int j = 0; j < chunk.length; j++) {
            chunk[j] = patternByte(index, offset + j);
        }
        return stream.write(chunk).thenCompose(v -> send(stream, index, offset + chunk.length, size));
    }

    /** Compares each echoed byte with the pattern; done when the remote closed after exactly the bytes sent. */
    private static final class Checker implements StreamListener {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final int index;
        private final int size;
        private final AtomicLong bytesBack;
        private int received;

        Checker(int index, int size, AtomicLong bytesBack) {
            this.index = index;
            this.size = size;
            this.bytesBack = bytesBack;
        }

        @Override
        public void onData(Libp2pStream stream, byte[] data) {
            if (done.isDone()) {
                return;
            }
            for (byte b : data) {
                if (received >= size || b != patternByte(index, received)) {
                    done.completeExceptionally(new AssertionError("stream " + index + ": echoed byte " + received
                            + (received >= size ? " is beyond the " + size + " sent" : " differs from the one sent")));
                    return;
                }
                received++;
            }
            bytesBack.addAndGet(data.length);
        }

        @Override
        public void onRemoteClose(Libp2pStream stream) {
            if (received == size) {
                done.complete(null);
            } else {
                done.completeExceptionally(new AssertionError("stream " + index + ": echo ended after " + received
                        + " of " + size + " bytes"));
            }
        }

        @Override
        public void onReset(Libp2pStream stream) {
            done.completeExceptionally(new AssertionError("stream " + index + " was reset after " + received
                    + " of " + size + " bytes echoed"));
        }
    }
}
