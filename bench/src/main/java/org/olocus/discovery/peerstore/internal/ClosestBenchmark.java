package org.olocus.discovery.peerstore.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.olocus.discovery.api.PeerInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code closest(key, 20)} of a {@link MemoryPeerStore} holding {@code size} peers (two addresses each), answered
 * by its crit-bit trie ({@link #index}) and by a fair full scan ({@link #scan}, see {@link XorScan}) over a list
 * snapshot of the same peers. The keys asked for cycle through 1024 random 32-byte keys. Setup checks that both
 * give the same peers in the same order.
 *
 * <p>In the peer store's private package for the reason given in {@link BenchPeers}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class ClosestBenchmark {
    static final int COUNT = 20;

    @Param({"10000", "100000", "1000000"})
    public int size;

    private MemoryPeerStore store;
    private List<PeerInfo> snapshot;
    private byte[][] keys;
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        store = BenchPeers.memoryStore(BenchPeers.peers(42, 0, size));
        snapshot = new ArrayList<>(store.all());
        keys = BenchPeers.randomKeys(7);
        for (int i = 0; i < 32; i++) {
            List<PeerInfo> fromIndex = store.closest(keys[i], COUNT);
            List<PeerInfo> fromScan = XorScan.closest(snapshot, keys[i], COUNT);
            if (fromIndex.size() != COUNT || !fromIndex.equals(fromScan)) {
                throw new IllegalStateException("index and scan disagree for key " + i + ": " + fromIndex.size()
                        + " vs " + fromScan.size() + " peers");
            }
        }
    }

    private byte[] nextKey() {
        return keys[next++ & (BenchPeers.KEY_COUNT - 1)];
    }

    @Benchmark
    public List<PeerInfo> index() {
        return store.closest(nextKey(), COUNT);
    }

    @Benchmark
    public List<PeerInfo> scan() {
        return XorScan.closest(snapshot, nextKey(), COUNT);
    }
}
