package org.olocus.discovery.transport.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.olocus.discovery.api.Multiaddr;

/**
 * Java⇄Java figures of the Netty host on loopback (both hosts in this JVM, so both sides' CPU is counted):
 * handshakes per second, ping RTT p50/p99, single- and 16-stream throughput. Not a unit test; run as a main.
 */
public final class HostBench {
    private static final String DISCARD = "/olocus/bench/discard/1.0.0";

    private HostBench() {
    }

    public static void main(String[] args) throws Exception {
        Ed25519TestPeer serverPeer = new Ed25519TestPeer();
        try (NettyHost server = new NettyHost(serverPeer, HostConfig.defaults());
                NettyHost client = new NettyHost(new Ed25519TestPeer(), HostConfig.defaults())) {
            server.handle(DISCARD, stream -> new Discard());
            Multiaddr target = server.listen(new InetSocketAddress("127.0.0.1", 0)).withPeerId(serverPeer.peerId());
            System.out.printf("%-44s %s%n", "figure (Java⇄Java, loopback, one JVM)", "value");
            handshakes(client, target, 200, 1); // warm-up
            System.out.printf("%-44s %.0f%n", "handshakes/s, 1 at a time", handshakes(client, target, 500, 1));
            System.out.printf("%-44s %.0f%n", "handshakes/s, 8 in flight", handshakes(client, target, 1000, 8));
            Libp2pConnection connection = client.dial(target).get(10, TimeUnit.SECONDS);
            long[] rtts = new long[2000];
            for (int i = 0; i < rtts.length; i++) {
                rtts[i] = client.ping(connection).get(5, TimeUnit.SECONDS).toNanos();
            }
            Arrays.sort(rtts);
            System.out.printf("%-44s %.0f / %.0f%n", "ping RTT p50 / p99 (µs)", rtts[rtts.length / 2] / 1e3,
                    rtts[rtts.length * 99 / 100] / 1e3);
            throughput(connection, 1, 32); // warm-up
            System.out.printf("%-44s %.0f%n", "1 stream throughput (MiB/s, 256 MiB)", throughput(connection, 1, 256));
            System.out.printf("%-44s %.0f%n", "16 streams throughput (MiB/s, 16 × 16 MiB)",
                    throughput(connection, 16, 16));
        }
    }

    private static double handshakes(NettyHost client, Multiaddr target, int count, int inFlight) throws Exception {
        long start = System.nanoTime();
        for (int done = 0; done < count; done += inFlight) {
            List<CompletableFuture<Libp2pConnection>> batch = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                batch.add(client.dial(target));
            }
            for (CompletableFuture<Libp2pConnection> f : batch) {
                f.get(10, TimeUnit.SECONDS).close();
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double throughput(Libp2pConnection connection, int streams, int mibPerStream) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        long start = System.nanoTime();
        List<CompletableFuture<byte[]>> acks = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            TestStreams.Collector ack = new TestStreams.Collector();
            acks.add(ack.done);
            Libp2pStream stream = connection.newStream(DISCARD, x -> ack).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < mibPerStream * 16; i++) {
                stream.write(chunk);
            }
            stream.closeWrite();
        }
        for (CompletableFuture<byte[]> ack : acks) {
            ack.get(120, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return streams * (double) mibPerStream / seconds;
    }

    /** Counts and drops bytes; answers one byte when the sender closed. */
    private static final class Discard implements StreamListener {
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
