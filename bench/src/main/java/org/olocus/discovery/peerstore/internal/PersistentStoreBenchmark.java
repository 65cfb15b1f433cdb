package org.olocus.discovery.peerstore.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.StoreUpdate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A {@link PersistentPeerStore} (H2 MVStore file) of {@value #BASE} peers, two addresses each:
 * <ul>
 *   <li>{@link #addOne}: single {@code add} of a new peer, each committed and fsynced before it returns
 *   (ops/s);</li>
 *   <li>{@link #addAllBatch}: {@code addAll} of {@value #BATCH} new peers, one commit and fsync per batch (the
 *   score is peers/s);</li>
 *   <li>{@link #reopen}: {@code PersistentPeerStore.open} + {@code close} of a file of {@value #BASE} peers
 *   (single shot, ms), i.e. reading and decoding every record and rebuilding the in-memory view and index.</li>
 * </ul>
 * The write benchmarks start every iteration from a fresh copy of a {@value #BASE}-peer file, so the store grows
 * from {@value #BASE} peers during an iteration. Files go to a temporary directory under the system property
 * {@code bench.dir} (else {@code java.io.tmpdir}), deleted at the end of the trial; the page cache is warm (the
 * file was just written).
 *
 * <p>In the peer store's private package for the reason given in {@link BenchPeers}.
 */
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class PersistentStoreBenchmark {
    static final int BASE = 100_000;
    static final int BATCH = 1000;
    /** New peers made ahead of the writes; more are made inside the measurement only if a 2 s iteration needs more. */
    static final int POOL = 100_000;

    /** Writes {@code count} peers into a new store file at {@code file} with one commit. */
    static void writeStoreFile(Path file, int count) {
        try (PersistentPeerStore store = PersistentPeerStore.open(file, BenchPeers.UNLIMITED)) {
            store.addAll(BenchPeers.peers(42, 0, count));
            if (store.size() != count) {
                throw new IllegalStateException("store file holds " + store.size() + " peers, not " + count);
            }
        }
    }

    /** A working copy of a BASE-peer file, opened anew each iteration, and new peers to write into it. */
    @State(Scope.Benchmark)
    public static class Writes {
        Path dir;
        Path template;
        Path work;
        PersistentPeerStore store;
        List<PeerInfo> pool;
        int next;
        int madeInside;
        SplittableRandom extraIds = new SplittableRandom(44);

        @Setup(Level.Trial)
        public void prepare() {
            dir = BenchPeers.tempDirectory();
            template = dir.resolve("template.mv");
            work = dir.resolve("work.mv");
            writeStoreFile(template, BASE);
            pool = BenchPeers.peers(43, BASE, POOL);
        }

        @Setup(Level.Iteration)
        public void reopen() {
            try {
                Files.copy(template, work, StandardCopyOption.REPLACE_EXISTING);
                // flush the copy now: else the first fsync measured would write the whole file out
                try (FileChannel copy = FileChannel.open(work, StandardOpenOption.WRITE)) {
                    copy.force(true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store = PersistentPeerStore.open(work, BenchPeers.UNLIMITED);
            next = 0;
            madeInside = 0;
        }

        @TearDown(Level.Iteration)
        public void close() {
            store.close();
            if (madeInside > 0) {
                System.out.println("(note: the pool of new peers ran out; " + madeInside
                        + " peers were made inside the measurement)");
            }
        }

        @TearDown(Level.Trial)
        public void delete() {
            BenchPeers.deleteRecursively(dir);
        }

        PeerInfo fresh() {
            if (next < pool.size()) {
                return pool.get(next++);
            }
            madeInside++;
            return BenchPeers.peer(extraIds, BASE + POOL + madeInside);
        }

        List<PeerInfo> freshBatch() {
            if (next + BATCH <= pool.size()) {
                List<PeerInfo> batch = pool.subList(next, next + BATCH);
                next += BATCH;
                return batch;
            }
            List<PeerInfo> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                batch.add(fresh());
            }
            return batch;
        }
    }

    /** A file of BASE peers. */
    @State(Scope.Benchmark)
    public static class StoredFile {
        Path dir;
        Path file;

        @Setup(Level.Trial)
        public void prepare() {
            dir = BenchPeers.tempDirectory();
            file = dir.resolve("peers.mv");
            writeStoreFile(file, BASE);
        }

        @TearDown(Level.Trial)
        public void delete() {
            BenchPeers.deleteRecursively(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public StoreUpdate addOne(Writes state) throws DiscoveryException {
        return state.store.add(state.fresh());
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public int addAllBatch(Writes state) {
        return state.store.addAll(state.freshBatch());
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int reopen(StoredFile state) {
        try (PersistentPeerStore store = PersistentPeerStore.open(state.file, BenchPeers.UNLIMITED)) {
            if (store.size() != BASE) {
                throw new IllegalStateException("reopened store holds " + store.size() + " peers, not " + BASE);
            }
            return store.size();
        }
    }
}
