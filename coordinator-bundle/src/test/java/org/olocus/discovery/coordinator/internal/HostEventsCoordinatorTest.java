package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.olocus.discovery.coordinator.internal.CoordinatorTest.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.peerstore.internal.MemoryPeerStore;

/** Host events and mechanism reports for the same peer, through the whole coordinator into the real store. */
class HostEventsCoordinatorTest {
    @TempDir
    Path dir;
    private Coordinator coordinator;
    private MemoryPeerStore store;
    private HostEventListener listener;

    @BeforeEach
    void start() throws Exception {
        coordinator = new Coordinator(IdentityKeyFile.loadOrCreate(dir.resolve("identity.key")),
                TestConfigs.coordinator(Map.of("query_timeout", 1L)));
        store = new MemoryPeerStore();
        coordinator.bindPeerStore(store, Map.of("service.ranking", 0, "service.id", 1L));
        listener = new HostEventListener(coordinator);
    }

    @AfterEach
    void stop() {
        coordinator.deactivate();
    }

    private PeerInfo stored(PeerInfo peer) {
        return store.get(peer.id()).orElseThrow();
    }

    @Test
    void aMechanismsPeerAndAHostEventMergeAndAReReportKeepsTheConnection() {
        PeerInfo found = PeerInfo.discovered(TestPeers.randomId(), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")),
                DiscoveryType.MDNS);
        TestMechanism mdns = new TestMechanism("mdns", DiscoveryType.MDNS,
                () -> java.util.concurrent.CompletableFuture.completedFuture(List.of(found)));
        coordinator.bindMechanism(mdns);
        await(() -> store.get(found.id()).isPresent(), Duration.ofSeconds(5));

        FakeConnection c = new FakeConnection(found.id(), "/ip4/127.0.0.1/tcp/50111", ConnectionDirection.INBOUND);
        listener.connected(c);
        listener.identified(c, new IdentifyInfo(Ed25519LocalPeer.generate().publicKey(),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip4/0.0.0.0/tcp/4001")),
                List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"), "", "", Optional.empty(), false));
        await(() -> stored(found).protocols().size() == 2, Duration.ofSeconds(5));
        PeerInfo merged = stored(found);
        assertEquals(Set.of(DiscoveryType.MDNS, DiscoveryType.TRANSPORT), merged.sources());
        assertEquals(ConnectionStatus.CONNECTED, merged.status());
        assertEquals(ConnectionDirection.INBOUND, merged.direction());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), merged.addresses());
        assertEquals(1.0, merged.reputation(), "one more independent source: +1, the store's own rule");

        // The mechanism reports it again, then says it lost sight of it: the connection still holds it.
        coordinator.discoverNow("mdns").join();
        mdns.context.sink().peerLost(found.id());
        coordinator.discoverNow("mdns").join();
        await(() -> status().transport().connected() == 1, Duration.ofSeconds(1));
        PeerInfo after = stored(found);
        assertEquals(ConnectionStatus.CONNECTED, after.status());
        assertEquals(ConnectionDirection.INBOUND, after.direction());
        assertEquals(Set.of(DiscoveryType.MDNS, DiscoveryType.TRANSPORT), after.sources());

        listener.disconnected(c);
        await(() -> stored(found).status() == ConnectionStatus.DISCONNECTED, Duration.ofSeconds(5));
        mdns.context.sink().peerLost(found.id());
        await(() -> stored(found).direction() == ConnectionDirection.NONE, Duration.ofSeconds(5));
    }

    @Test
    void statusCountsTheEventsAndTheHostLeavingDisconnectsItsPeers() {
        PeerInfo peer = TestPeers.peer(DiscoveryType.TRANSPORT);
        FakeConnection c = new FakeConnection(peer.id(), "/ip4/127.0.0.1/tcp/4001", ConnectionDirection.OUTBOUND);
        listener.connected(c);
        await(() -> store.get(peer.id()).map(PeerInfo::isConnected).orElse(false), Duration.ofSeconds(5));
        String text = status().toString();
        assertTrue(text.contains("transport    connected=1 identified=0 disconnected=0 refused_connected=0"
                + " coalesced=0 reconciled=0 peers_connected_now=1"), text);

        listener.unbindHost(null);
        await(() -> stored(peer).status() == ConnectionStatus.DISCONNECTED, Duration.ofSeconds(5));
        listener.disconnected(c); // the host's own report after it left changes nothing
        await(() -> status().transport().disconnected() == 1, Duration.ofSeconds(1));
        assertEquals(0, status().transport().connectedPeers());
    }

    private CoordinatorStatus status() {
        return coordinator.status();
    }
}
