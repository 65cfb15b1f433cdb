package org.olocus.discovery.transport.internal.connection;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.TestStreams;

/**
 * The Java side of the transport benchmark: a {@link Libp2pHost} server that serves the discard protocol, and a
 * client driver that measures {@link TransportBenchFigures} against any server (Java or js). Each client node is
 * a default-configured {@link Libp2pHost} with its own Ed25519 identity.
 */
final class TransportBenchJava {
    /** The dialer writes, then half-closes; the listener reads everything, answers one byte and closes. */
    static final String DISCARD = "/olocus/bench/discard/1.0.0";
    private static final int CHUNK = 64 * 1024;
    /** Writes in flight per stream: the host's write future completes once a chunk left the Yamux queue. */
    private static final int WRITES_IN_FLIGHT = 2;
    private static final int IN_FLIGHT = 8;

    private TransportBenchJava() {
    }

    /** A default host serving discard on 127.0.0.1; the returned address ends in {@code /p2p/<id>}. */
    static Server server() throws InterruptedException {
        Ed25519TestPeer peer = new Ed25519TestPeer();
        Libp2pHost host = new Libp2pHost(peer, HostConfig.defaults());
        host.handle(DISCARD, stream -> new Discard());
        Multiaddr address = host.listen(new InetSocketAddress("127.0.0.1", 0)).withPeerId(peer.peerId());
        return new Server(host, address);
    }

    /** A running Java server. */
    record Server(Libp2pHost host, Multiaddr address) implements AutoCloseable {
        @Override
        public void close() {
            host.close();
        }
    }

    /** Measures every figure against {@code target}, after a warm-up run of each kind of work. */
    static TransportBenchFigures measure(Multiaddr target, Duration perFigure, int mib1, int mibPer16)
            throws Exception {
        List<Libp2pHost> clients = new ArrayList<>();
        try {
            // 8 nodes dial for the handshake figures; a 9th keeps one connection for pings and streams.
            for (int i = 0; i <= IN_FLIGHT; i++) {
                clients.add(new Libp2pHost(new Ed25519TestPeer(), HostConfig.defaults()));
            }
            List<Libp2pHost> dialers = clients.subList(0, IN_FLIGHT);
            Libp2pHost probe = clients.get(IN_FLIGHT);
            // Warm-up (the JIT's second tier, BouncyCastle's tables): each kind of work once, unmeasured.
            handshakes(dialers, target, Duration.ofMillis(1500), false);
            pings(probe, target, Duration.ofMillis(500));
            throughput(probe, target, 1, mib1);
            throughput(probe, target, 16, mibPer16);
            double seq = handshakes(dialers.subList(0, 1), target, perFigure, false);
            double eight = handshakes(dialers, target, perFigure, false);
            double identified = handshakes(dialers.subList(0, 1), target, perFigure, true);
            double[] ping = pings(probe, target, perFigure);
            double one = throughput(probe, target, 1, mib1);
            double sixteen = throughput(probe, target, 16, mibPer16);
            return new TransportBenchFigures(seq, eight, identified, ping[0], ping[1], one, sixteen);
        } finally {
            clients.forEach(Libp2pHost::close);
        }
    }

    /** Each client dials, (waits for identify,) closes, waits until closed, and dials again until time is up. */
    static double handshakes(List<Libp2pHost> clients, Multiaddr target, Duration duration, boolean withIdentify)
            throws Exception {
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (Libp2pHost client : clients) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            dialLoop(client, target, end, withIdentify, count, done);
            loops.add(done);
        }
        for (CompletableFuture<Void> loop : loops) {
            loop.get(duration.toSeconds() + 30, TimeUnit.SECONDS);
        }
        return count.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void dialLoop(Libp2pHost client, Multiaddr target, long end, boolean withIdentify,
            AtomicLong count, CompletableFuture<Void> done) {
        if (System.nanoTime() >= end) {
            done.complete(null);
            return;
        }
        client.dial(target).thenCompose(connection -> {
            CompletableFuture<?> ready = withIdentify ? connection.remoteIdentify()
                    : CompletableFuture.completedFuture(null);
            return ready.thenCompose(x -> {
                count.incrementAndGet();
                connection.close();
                return connection.closedFuture();
            });
        }).whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                dialLoop(client, target, end, withIdentify, count, done);
            }
        });
    }

    /** Pings over the client's connection until time is up; p50 and p99 of the wall time of each ping call, µs. */
    static double[] pings(Libp2pHost client, Multiaddr target, Duration duration) throws Exception {
        Libp2pConnection connection = client.dial(target).get(10, TimeUnit.SECONDS);
        long[] rtts = new long[20_000];
        int n = 0;
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end && n < rtts.length) {
            long t = System.nanoTime();
            client.ping(connection).get(10, TimeUnit.SECONDS);
            rtts[n++] = System.nanoTime() - t;
        }
        long[] sorted = Arrays.copyOf(rtts, n);
        Arrays.sort(sorted);
        return new double[] {sorted[n / 2] / 1e3, sorted[n * 99 / 100] / 1e3};
    }

    /**
     * Writes {@code mib} MiB on each of {@code streams} discard streams of the client's connection at once; MiB/s
     * until the last ack.
     */
    static double throughput(Libp2pHost client, Multiaddr target, int streams, int mib) throws Exception {
        Libp2pConnection connection = client.dial(target).get(10, TimeUnit.SECONDS);
        byte[] chunk = new byte[CHUNK];
        long start = System.nanoTime();
        List<CompletableFuture<byte[]>> acks = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            TestStreams.Collector ack = new TestStreams.Collector();
            acks.add(ack.done);
            connection.newStream(DISCARD, x -> ack).whenComplete((stream, e) -> {
                if (e != null) {
                    ack.done.completeExceptionally(e);
                    return;
                }
                AtomicLong left = new AtomicLong((long) mib * 1024 * 1024 / CHUNK);
                AtomicLong writers = new AtomicLong(WRITES_IN_FLIGHT);
                for (int w = 0; w < WRITES_IN_FLIGHT; w++) {
                    writeNext(stream, chunk, left, writers, ack.done);
                }
            });
        }
        for (CompletableFuture<byte[]> ack : acks) {
            byte[] got = ack.get(120, TimeUnit.SECONDS);
            if (got.length != 1) {
                throw new IllegalStateException("discard answered " + got.length + " bytes instead of 1");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return streams * (double) mib / seconds;
    }

    /** One writer chain: the next chunk once the previous left the queue; the last writer half-closes. */
    private static void writeNext(Libp2pStream stream, byte[] chunk, AtomicLong left, AtomicLong writers,
            CompletableFuture<byte[]> failure) {
        if (left.getAndDecrement() <= 0) {
            if (writers.decrementAndGet() == 0) {
                stream.closeWrite();
            }
            return;
        }
        stream.write(chunk).whenComplete((v, e) -> {
            if (e != null) {
                failure.completeExceptionally(e);
            } else {
                writeNext(stream, chunk, left, writers, failure);
            }
        });
    }

    /** Drops bytes; answers one byte when the sender closed. */
    static final class Discard implements StreamListener {
        @Override
        public void onData(Libp2pStream stream, byte[] data) {
        }

        @Override
        public void onRemoteClose(Libp2pStream stream) {
            stream.write(new byte[] {1});
            stream.closeWrite();
        }

        @Override
        public void onReset(Libp2pStream stream) {
        }
    }
}
