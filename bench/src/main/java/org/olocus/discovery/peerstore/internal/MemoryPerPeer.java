package org.olocus.discovery.peerstore.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.openjdk.jol.info.GraphLayout;

/**
 * Heap retained per peer by a {@link MemoryPeerStore} holding 10^5 and 10^6 peers with two addresses each
 * (sha2-256 ids), everything included: the peers and their ids, addresses, sets and timestamps, the hash map,
 * the trie nodes, the eviction queue. Not a JMH benchmark: run it with
 * {@code java -Xmx12g -Djdk.attach.allowAttachSelf=true -cp target/benchmarks.jar org.olocus.discovery.peerstore.internal.MemoryPerPeer [n...]}.
 *
 * <p>Run it with {@code -Djdk.attach.allowAttachSelf=true} so that JOL can size objects through
 * {@code Instrumentation} (about twice as fast; the sizes are the same).
 *
 * <p>Two methods, both printed: JOL ({@code GraphLayout.parseInstance(store).totalSize()} minus that of an empty
 * store: an exact walk of the object graph, skipped with {@code -Djol=false}) and the difference of used heap
 * after several full collections before and after filling the store (what the JVM really holds, including any
 * allocator slack). Peers are made on the fly while filling, so the store holds the only references to them.
 *
 * <p>In the peer store's private package for the reason given in {@link BenchPeers}.
 */
public final class MemoryPerPeer {
    private record Row(int peers, long bytes, String method, long millis) {
    }

    private MemoryPerPeer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int[] sizes = args.length == 0 ? new int[] {100_000, 1_000_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        boolean jol = Boolean.parseBoolean(System.getProperty("jol", "true"));
        // JDK 17 refuses Unsafe.objectFieldOffset on records (PeerInfo, PeerLimits): JOL must find offsets itself
        if (System.getProperty("jol.magicFieldOffset") == null) {
            System.setProperty("jol.magicFieldOffset", "true");
        }
        System.out.printf(Locale.ROOT, "JVM %s, max heap %d MiB, %s%n", System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments());

        long emptyJol = jol ? GraphLayout.parseInstance(new MemoryPeerStore(BenchPeers.UNLIMITED)).totalSize() : 0;
        List<Row> rows = new ArrayList<>();
        for (int n : sizes) {
            long before = usedAfterGc();
            long start = System.nanoTime();
            MemoryPeerStore store = fill(n);
            long fillMillis = (System.nanoTime() - start) / 1_000_000;
            long after = usedAfterGc();
            rows.add(new Row(n, after - before, "used heap after System.gc()", fillMillis));
            if (jol) {
                start = System.nanoTime();
                GraphLayout layout = GraphLayout.parseInstance(store);
                long total = layout.totalSize() - emptyJol;
                rows.add(new Row(n, total, "JOL GraphLayout.totalSize() - empty store",
                        (System.nanoTime() - start) / 1_000_000));
                if (n == sizes[0]) {
                    System.out.println();
                    System.out.println("JOL footprint of the store of " + n + " peers, by class:");
                    System.out.println(layout.toFootprint());
                }
                layout = null;
            }
            if (store.size() != n) {
                throw new IllegalStateException("store holds " + store.size() + " peers, not " + n);
            }
            store = null;
            usedAfterGc();
        }

        System.out.println();
        System.out.println("| peers | bytes total | bytes per peer | method | took (ms) |");
        System.out.println("|---:|---:|---:|---|---:|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %,d | %,d | %.1f | %s | %,d |%n", r.peers, r.bytes,
                    (double) r.bytes / r.peers, r.method, r.millis);
        }
    }

    private static MemoryPeerStore fill(int n) {
        MemoryPeerStore store = new MemoryPeerStore(BenchPeers.UNLIMITED);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            BenchPeers.add(store, BenchPeers.peer(random, i));
        }
        return store;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
