package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerListener;

class CoordinatorTest {
    @TempDir
    Path dir;
    private Coordinator coordinator;
    private FakeStore store;
    private final CountDownLatch never = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        coordinator = new Coordinator(IdentityKeyFile.loadOrCreate(dir.resolve("identity.key")),
                TestConfigs.coordinator(Map.of("query_timeout", 1L)));
        store = new FakeStore("memory");
        coordinator.bindPeerStore(store, Map.of("service.ranking", 0, "service.id", 1L));
    }

    @AfterEach
    void stop() {
        never.countDown();
        coordinator.deactivate();
    }

    @Test
    void aNewMechanismIsStartedAnnouncedAndItsPeersReachTheStoreAtOnce() {
        List<PeerInfo> peers = TestMechanism.peers(5, DiscoveryType.BOOTSTRAP);
        TestMechanism good = TestMechanism.returning("seeds", peers);
        coordinator.bindMechanism(good);
        await(() -> store.size() == 5, Duration.ofSeconds(1));
        assertEquals(List.of("start", "announce", "discover"), good.calls.subList(0, 3));
        assertEquals(coordinator.localPeer().peerId(), good.announced.id());
        PeerInfo stored = store.get(peers.get(0).id()).orElseThrow();
        assertEquals(java.util.Set.of(DiscoveryType.BOOTSTRAP), stored.sources());
    }

    @Test
    void hangingAndThrowingMechanismsDoNotDelayAGoodOne() {
        TestMechanism hanging = TestMechanism.blocking("hangs", never);
        TestMechanism throwing = TestMechanism.throwing("throws");
        TestMechanism stalled = new TestMechanism("stalls", DiscoveryType.DNS, CompletableFuture::new);
        coordinator.bindMechanism(hanging);
        coordinator.bindMechanism(throwing);
        coordinator.bindMechanism(stalled);
        TestMechanism good = TestMechanism.returning("good", TestMechanism.peers(3, DiscoveryType.MDNS));
        long t0 = System.nanoTime();
        coordinator.bindMechanism(good);
        await(() -> store.size() == 3, Duration.ofSeconds(1));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);

        await(() -> status("hangs").timeouts() >= 1 && status("stalls").timeouts() >= 1
                && status("throws").failures() >= 1, Duration.ofSeconds(3));
        assertTrue(status("throws").lastError().contains("boom"), status("throws").lastError());
        assertTrue(status("hangs").lastError().contains("timed out"), status("hangs").lastError());
        // the hung call was interrupted at its deadline, so the next round is not blocked behind it
        coordinator.discoverNow("hangs").join();
        assertTrue(status("hangs").skipped() + status("hangs").timeouts() >= 2);
    }

    @Test
    void aFloodingMechanismIsCappedPerRoundAndPerPushBacklog() {
        TestMechanism flood = TestMechanism.returning("flood", TestMechanism.peers(10_000, DiscoveryType.GOSSIP));
        coordinator.bindMechanism(flood);
        await(() -> status("flood").rounds() == 1, Duration.ofSeconds(2));
        await(() -> store.size() == 50, Duration.ofSeconds(2));
        assertEquals(9_950, status("flood").dropped());

        // pushes: far more than the backlog of 4 × 50 at once; what is accepted is stored, the rest counted
        List<PeerInfo> pushed = TestMechanism.peers(5_000, DiscoveryType.GOSSIP);
        pushed.forEach(flood.context.sink()::peerFound);
        long droppedPushes = status("flood").dropped() - 9_950;
        await(() -> store.size() == 50 + 5_000 - droppedPushes, Duration.ofSeconds(5));
        assertTrue(droppedPushes >= 0 && droppedPushes < 5_000);
    }

    @Test
    void peerLostMarksDisconnectedWithoutForgetting() {
        List<PeerInfo> peers = TestMechanism.peers(1, DiscoveryType.MDNS);
        TestMechanism m = TestMechanism.returning("lan", peers);
        coordinator.bindMechanism(m);
        await(() -> store.size() == 1, Duration.ofSeconds(1));
        m.context.sink().peerLost(peers.get(0).id());
        await(() -> store.get(peers.get(0).id()).orElseThrow().status()
                == org.olocus.discovery.api.ConnectionStatus.DISCONNECTED, Duration.ofSeconds(1));
        assertEquals(1, store.size());
    }

    @Test
    void aLeavingMechanismIsStoppedAndItsPeersStay() {
        TestMechanism m = TestMechanism.returning("gone", TestMechanism.peers(4, DiscoveryType.DNS));
        coordinator.bindMechanism(m);
        await(() -> store.size() == 4, Duration.ofSeconds(1));
        coordinator.unbindMechanism(m);
        assertTrue(m.calls.contains("stop"));
        assertTrue(coordinator.mechanisms().isEmpty());
        assertEquals(4, store.size());
    }

    @Test
    void aBetterStoreReceivesEveryPeerAndHandsThemBackWhenItLeaves() throws Exception {
        TestMechanism m = TestMechanism.returning("seeds", TestMechanism.peers(40, DiscoveryType.BOOTSTRAP));
        coordinator.bindMechanism(m);
        await(() -> store.size() == 40, Duration.ofSeconds(1));

        FakeStore better = new FakeStore("better");
        coordinator.bindPeerStore(better, Map.of("service.ranking", 10, "service.id", 2L)); // the copy runs behind
        coordinator.addManually(org.olocus.discovery.api.Multiaddr.parse("/ip4/127.0.0.1/tcp/9/p2p/"
                + TestPeers.randomId())); // queued after the copy
        assertEquals(41, better.size());
        assertEquals(40, store.size(), "writes go to the best store only");

        coordinator.unbindPeerStore(better); // returns once its peers are read
        await(() -> store.size() == 41, Duration.ofSeconds(5));
        FakeStore worse = new FakeStore("worse");
        coordinator.bindPeerStore(worse, Map.of("service.ranking", -5, "service.id", 3L));
        coordinator.remove(TestPeers.randomId()); // queued after the offer
        assertEquals(0, worse.size(), "a lower-ranked store is not used");
    }

    @Test
    void aBadConfigurationIsRefusedNamedAndTheLastGoodOneKept() {
        coordinator.modified(TestConfigs.coordinator(Map.of("discovery_interval", 5L)));
        coordinator.modified(TestConfigs.coordinator(Map.of("discovery_interval", -5L)));
        CoordinatorStatus status = coordinator.status();
        assertEquals(Duration.ofSeconds(5), status.settings().discoveryInterval());
        assertNotNull(status.configError());
        assertTrue(status.configError().contains("discovery_interval=-5"), status.configError());
        assertTrue(status.toString().contains("CONFIG ERROR"));
        coordinator.modified(TestConfigs.coordinator(Map.of("discovery_interval", 7L)));
        assertEquals(null, coordinator.status().configError());
    }

    @Test
    void aShorterIntervalAppliesLive() {
        TestMechanism m = TestMechanism.returning("tick", TestMechanism.peers(1, DiscoveryType.DNS));
        coordinator.bindMechanism(m);
        await(() -> status("tick").rounds() == 1, Duration.ofSeconds(1));
        coordinator.modified(TestConfigs.coordinator(Map.of("discovery_interval", 1L, "query_timeout", 1L)));
        await(() -> status("tick").rounds() >= 3, Duration.ofSeconds(4));
    }

    @Test
    void listenersHearAddedUpdatedAndRemovedInOrder() throws Exception {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        coordinator.bindListener(new PeerListener() {
            @Override
            public void peerAdded(PeerInfo peer) {
                events.add("added");
            }

            @Override
            public void peerUpdated(PeerInfo before, PeerInfo after) {
                events.add("updated");
            }

            @Override
            public void peerRemoved(PeerInfo peer) {
                events.add("removed");
            }
        });
        PeerInfo p = TestPeers.peer(DiscoveryType.MANUAL);
        String addr = p.addresses().get(0).withPeerId(p.id()).toString();
        coordinator.addManually(org.olocus.discovery.api.Multiaddr.parse(addr));
        coordinator.addManually(org.olocus.discovery.api.Multiaddr.parse("/ip4/127.0.0.2/tcp/1/p2p/" + p.id()));
        coordinator.remove(p.id());
        await(() -> events.size() == 3, Duration.ofSeconds(1));
        assertEquals(List.of("added", "updated", "removed"), events);
    }

    @Test
    void expiryRemovesPeersUnseenForPeerTimeout() throws Exception {
        coordinator.modified(TestConfigs.coordinator(Map.of("peer_timeout", 60L)));
        PeerInfo old = TestPeers.peer(DiscoveryType.DNS).withLastSeen(java.time.Instant.now().minusSeconds(120));
        PeerInfo fresh = TestPeers.peer(DiscoveryType.DNS);
        store.add(old);
        store.add(fresh);
        assertEquals(1, coordinator.expireNow());
        assertTrue(store.get(old.id()).isEmpty());
        assertTrue(store.get(fresh.id()).isPresent());
    }

    @Test
    void deactivationLeavesNoThreadBehind() {
        coordinator.bindMechanism(TestMechanism.returning("a", TestMechanism.peers(2, DiscoveryType.DNS)));
        coordinator.bindMechanism(TestMechanism.blocking("b", never));
        await(() -> store.size() == 2, Duration.ofSeconds(1));
        never.countDown();
        coordinator.deactivate();
        await(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("olocus-")), Duration.ofSeconds(3));
        coordinator = new Coordinator(coordinator.localPeer(), TestConfigs.coordinator(new HashMap<>()));
        coordinator.bindPeerStore(store, Map.of());
    }

    private MechanismStatus status(String name) {
        return coordinator.mechanisms().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    static void await(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
