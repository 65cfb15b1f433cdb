package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.peerstore.internal.ConfiguredPeerStore;
import org.olocus.discovery.peerstore.internal.MemoryPeerStore;
import org.olocus.discovery.peerstore.internal.PersistentPeerStore;

/** Handing every peer over to a better store: on the intake's thread, in one batch, later writes kept in order. */
class StoreHandOverTest {
    private static final int PEERS = 100_000;

    @TempDir
    Path dir;
    private final ListenerDispatcher listeners = new ListenerDispatcher();
    private final PeerIntake intake = new PeerIntake(TestPeers.randomId(), listeners);
    private ConfiguredPeerStore persistent;

    @AfterEach
    void stop() {
        intake.close();
        listeners.close();
        if (persistent != null) {
            persistent.close();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aHandOverOf100000PeersToAPersistentStoreRunsOffTheBindThreadAndKeepsLaterWritesInOrder()
            throws Exception {
        MemoryPeerStore memory = new MemoryPeerStore(new PeerLimits(2 * PEERS, 50, 50));
        List<PeerInfo> peers = TestMechanism.peers(PEERS, DiscoveryType.DHT);
        memory.addAll(peers);
        intake.storeOffered(memory, Map.of("service.ranking", 0, "service.id", 1L)).get(30, TimeUnit.SECONDS);
        Path file = dir.resolve("peers.mv");
        Map<String, Object> config = Map.of("type", "persistent", "path", file.toString(), "max_peers", 2 * PEERS);
        persistent = new ConfiguredPeerStore("handover", TestConfigs.peerStore(config), config);

        long t0 = System.nanoTime();
        CompletableFuture<Void> handedOver = intake.storeOffered(persistent,
                Map.of("service.ranking", 10, "service.id", 2L));
        long bindMillis = (System.nanoTime() - t0) / 1_000_000;

        // Written while the copy runs: they wait behind it and reach the new store after it, in order.
        Multiaddr first = Multiaddr.parse("/ip4/10.1.0.1/tcp/4001");
        Multiaddr second = Multiaddr.parse("/ip4/10.1.0.2/tcp/4001");
        PeerInfo late = PeerInfo.discovered(TestPeers.randomId(), List.of(first, second), DiscoveryType.MDNS);
        assertTrue(intake.submit(List.of(late), () -> { }));
        intake.forgetAddresses(late.id(), List.of(first));
        PeerInfo unreachable = peers.get(0);
        intake.markUnreachable(unreachable.id());

        handedOver.get(60, TimeUnit.SECONDS);
        long handOverMillis = (System.nanoTime() - t0) / 1_000_000;
        PeerInfo stored = intake.addNow(TestPeers.peer(DiscoveryType.MANUAL)).peer(); // after everything above
        System.out.printf("hand-over of %,d peers to a persistent store: the bind call returned in %d ms, the copy "
                + "was done %,d ms after it%n", PEERS, bindMillis, handOverMillis);

        assertTrue(bindMillis < 1_000, "the bind thread only queues the hand-over: " + bindMillis + " ms");
        assertTrue(handOverMillis < 30_000, "well under the 30 s call bound: " + handOverMillis + " ms");
        assertEquals(PEERS + 2, persistent.size());
        assertEquals(List.of(second), persistent.get(late.id()).orElseThrow().addresses());
        assertEquals(ConnectionStatus.FAILED, persistent.get(unreachable.id()).orElseThrow().status());
        assertEquals(PEERS, memory.size(), "writes go to the store in use only");
        assertTrue(memory.get(stored.id()).isEmpty());

        persistent.close();
        persistent = null;
        try (PersistentPeerStore reopened = PersistentPeerStore.open(file, new PeerLimits(2 * PEERS, 50, 50))) {
            assertEquals(PEERS + 2, reopened.size(), "the copy is on disk");
        }
    }
}
