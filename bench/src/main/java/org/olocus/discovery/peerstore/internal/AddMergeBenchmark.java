package org.olocus.discovery.peerstore.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writes to a {@link MemoryPeerStore} (no limits, so nothing is evicted) holding {@value #BASE} peers, in
 * operations (single {@code add} calls) per second:
 * <ul>
 *   <li>{@link #addNew}: {@value #BATCH} peers the store does not hold (fresh ids, two addresses) per invocation;
 *   before each invocation, outside the measurement, the previous invocation's peers are removed again, so every
 *   add is a real insert (map, trie, eviction queue) into a store of {@value #BASE} peers.</li>
 *   <li>{@link #mergeReReport}: {@value #BATCH} re-reports of stored peers per invocation, each with the same id,
 *   a third address and a lastSeen one minute newer, so each is a real merge ({@code UPDATED}); before each
 *   invocation, outside the measurement, those peers are put back as they were.</li>
 * </ul>
 *
 * <p>In the peer store's private package for the reason given in {@link BenchPeers}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AddMergeBenchmark {
    static final int BASE = 100_000;
    static final int BATCH = 10_000;

    /** A store of BASE peers and BATCH peers it does not hold. */
    @State(Scope.Thread)
    public static class Fresh {
        MemoryPeerStore store;
        List<PeerInfo> batch;

        @Setup(Level.Trial)
        public void fill() {
            store = BenchPeers.memoryStore(BenchPeers.peers(42, 0, BASE));
            batch = BenchPeers.peers(43, BASE, BATCH);
        }

        @Setup(Level.Invocation)
        public void forgetBatch() {
            for (PeerInfo p : batch) {
                store.remove(p.id());
            }
        }
    }

    /** A store of BASE peers, BATCH of them as first stored, and a re-report of each. */
    @State(Scope.Thread)
    public static class ReReport {
        MemoryPeerStore store;
        List<PeerInfo> originals;
        List<PeerInfo> reports;

        @Setup(Level.Trial)
        public void fill() throws DiscoveryException {
            List<PeerInfo> all = BenchPeers.peers(42, 0, BASE);
            store = BenchPeers.memoryStore(all);
            originals = new ArrayList<>(BATCH);
            reports = new ArrayList<>(BATCH);
            int step = BASE / BATCH; // spread over the store
            for (int i = 0; i < BATCH; i++) {
                PeerInfo stored = all.get(i * step);
                originals.add(stored);
                Multiaddr ip4 = stored.addresses().get(0);
                Multiaddr moved = Multiaddr.parse(ip4.toString().replace("/tcp/4001", "/tcp/4002"));
                reports.add(new PeerInfo(stored.id(), List.of(ip4, moved), stored.protocols(),
                        stored.lastSeen().plusSeconds(60), stored.status(), stored.direction(), 0,
                        stored.sources()));
            }
            for (PeerInfo report : reports) { // every report must be a real merge
                StoreUpdate update = store.add(report);
                if (update.kind() != StoreUpdate.Kind.UPDATED || update.peer().addresses().size() != 3) {
                    throw new IllegalStateException("re-report of " + report.id() + " was " + update.kind());
                }
            }
            restore();
        }

        @Setup(Level.Invocation)
        public void restore() {
            for (PeerInfo original : originals) {
                store.remove(original.id());
                BenchPeers.add(store, original);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int addNew(Fresh state) throws DiscoveryException {
        int added = 0;
        for (PeerInfo peer : state.batch) {
            if (state.store.add(peer).kind() == StoreUpdate.Kind.ADDED) {
                added++;
            }
        }
        return added;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int mergeReReport(ReReport state) throws DiscoveryException {
        int updated = 0;
        for (PeerInfo report : state.reports) {
            if (state.store.add(report).kind() == StoreUpdate.Kind.UPDATED) {
                updated++;
            }
        }
        return updated;
    }
}
