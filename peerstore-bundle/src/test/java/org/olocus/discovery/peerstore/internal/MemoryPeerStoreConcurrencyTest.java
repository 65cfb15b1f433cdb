package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;

class MemoryPeerStoreConcurrencyTest {

    @Test
    void writersAndReadersTogetherKeepTheStoreConsistent() throws Exception {
        int writers = 4;
        int perWriter = 2_000;
        MemoryPeerStore store = new MemoryPeerStore(new PeerLimits(3_000, 100, 100));
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int seed = w;
            tasks.add(pool.submit(() -> {
                Random random = new Random(seed);
                start.await();
                for (int i = 0; i < perWriter; i++) {
                    PeerId id = TestPeers.randomId(random);
                    PeerInfo peer = i % 50 == 0 ? TestPeers.connected(id, Instant.ofEpochSecond(i),
                            ConnectionDirection.OUTBOUND) : TestPeers.peer(id, Instant.ofEpochSecond(i));
                    try {
                        store.add(peer);
                    } catch (DiscoveryException e) {
                        // outbound limit reached: expected for some
                    }
                    if (i % 7 == 0) {
                        store.markSeen(id, Instant.ofEpochSecond(i + 1));
                    }
                    if (i % 11 == 0) {
                        store.remove(id);
                    }
                }
                return null;
            }));
        }
        for (int r = 0; r < 2; r++) {
            tasks.add(pool.submit(() -> {
                Random random = new Random();
                start.await();
                byte[] key = new byte[32];
                for (int i = 0; i < 5_000; i++) {
                    random.nextBytes(key);
                    List<PeerInfo> near = store.closest(key, 20);
                    assertTrue(near.size() <= 20);
                    near.forEach(p -> assertTrue(p != null));
                    store.size();
                    if (i % 500 == 0) {
                        store.all();
                        store.describe();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> task : tasks) {
            task.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

        List<PeerInfo> all = store.all();
        assertEquals(all.size(), store.size());
        assertTrue(all.size() <= 3_000);
        assertEquals(all.size(), store.closest(new byte[32], Integer.MAX_VALUE).size(), "index matches the map");
        long outbound = all.stream().filter(p -> p.isConnected() && p.direction() == ConnectionDirection.OUTBOUND)
                .count();
        assertEquals(outbound, ((Integer) store.describe().get("outbound")).longValue());
        assertTrue(outbound <= 100);
    }
}
