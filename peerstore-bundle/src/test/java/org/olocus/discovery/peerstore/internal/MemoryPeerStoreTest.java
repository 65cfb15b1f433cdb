package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.api.StoreUpdate;

class MemoryPeerStoreTest {
    private final Random random = new Random(42);

    private PeerId id() {
        return TestPeers.randomId(random);
    }

    private static Instant at(long seconds) {
        return TestPeers.T0.plusSeconds(seconds);
    }

    @Test
    void addReportsAddedUpdatedUnchanged() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore();
        PeerInfo peer = TestPeers.peer(id(), at(0));
        assertEquals(StoreUpdate.Kind.ADDED, store.add(peer).kind());
        assertEquals(StoreUpdate.Kind.UNCHANGED, store.add(peer).kind());
        StoreUpdate update = store.add(peer.withLastSeen(at(5)));
        assertEquals(StoreUpdate.Kind.UPDATED, update.kind());
        assertEquals(at(5), update.peer().lastSeen());
        assertEquals(Optional.of(update.peer()), store.get(peer.id()));
        assertEquals(1, store.size());
        assertEquals(List.of(update.peer()), store.all());
    }

    @Test
    void removeAndMarkSeen() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore();
        PeerInfo peer = TestPeers.peer(id(), at(10));
        store.add(peer);
        assertTrue(store.markSeen(peer.id(), at(20)));
        assertEquals(at(20), store.get(peer.id()).orElseThrow().lastSeen());
        assertTrue(store.markSeen(peer.id(), at(15)), "stored, though not moved back");
        assertEquals(at(20), store.get(peer.id()).orElseThrow().lastSeen());
        assertFalse(store.markSeen(id(), at(20)));
        assertEquals(peer.id(), store.remove(peer.id()).orElseThrow().id());
        assertEquals(Optional.empty(), store.remove(peer.id()));
        assertEquals(0, store.size());
        assertTrue(store.closest(new byte[32], 5).isEmpty(), "the index forgets removed peers");
    }

    @Test
    void aFullStoreEvictsItsStalestDisconnectedPeer() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore(new PeerLimits(3, 10, 10));
        PeerInfo stalestConnected = TestPeers.connected(id(), at(0), ConnectionDirection.OUTBOUND);
        PeerInfo stalestDisconnected = TestPeers.peer(id(), at(1));
        PeerInfo fresher = TestPeers.peer(id(), at(2));
        store.add(stalestConnected);
        store.add(stalestDisconnected);
        store.add(fresher);

        StoreUpdate update = store.add(TestPeers.peer(id(), at(3)));
        assertEquals(StoreUpdate.Kind.ADDED, update.kind());
        assertEquals(List.of(stalestDisconnected), update.evicted());
        assertEquals(3, store.size());
        assertFalse(store.get(stalestDisconnected.id()).isPresent());
        assertTrue(store.get(stalestConnected.id()).isPresent(), "connected peers are never evicted");
    }

    @Test
    void markSeenMovesAPeerBackInTheEvictionOrder() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore(new PeerLimits(2, 10, 10));
        PeerInfo a = TestPeers.peer(id(), at(1));
        PeerInfo b = TestPeers.peer(id(), at(2));
        store.add(a);
        store.add(b);
        store.markSeen(a.id(), at(3));
        assertEquals(b.id(), store.add(TestPeers.peer(id(), at(4))).evicted().get(0).id());
    }

    @Test
    void aStoreOfConnectedPeersRefusesNewOnesAndChangesNothing() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore(new PeerLimits(2, 10, 10));
        store.add(TestPeers.connected(id(), at(0), ConnectionDirection.INBOUND));
        store.add(TestPeers.peer(id(), at(0)).withStatus(ConnectionStatus.CONNECTING, ConnectionDirection.OUTBOUND));
        Set<PeerInfo> before = new HashSet<>(store.all());

        PeerInfo newcomer = TestPeers.peer(id(), at(9));
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> store.add(newcomer));
        assertEquals(DiscoveryException.Kind.PEER_STORE_FULL, e.kind());
        assertTrue(e.getMessage().contains("max_peers=2"), e.getMessage());
        assertEquals(before, new HashSet<>(store.all()));
        assertFalse(store.get(newcomer.id()).isPresent());
        assertTrue(store.closest(newcomer.id().kadKey(), 5).stream().noneMatch(p -> p.id().equals(newcomer.id())));
    }

    @Test
    void updatesOfStoredPeersNeedNoRoom() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore(new PeerLimits(1, 10, 10));
        PeerInfo peer = TestPeers.connected(id(), at(0), ConnectionDirection.INBOUND);
        store.add(peer);
        assertEquals(StoreUpdate.Kind.UPDATED, store.add(peer.withLastSeen(at(1))).kind());
    }

    @Test
    void inboundAndOutboundLimitsRefuseTheConnectionBeyondThem() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore(new PeerLimits(100, 2, 1));
        store.add(TestPeers.connected(id(), at(0), ConnectionDirection.INBOUND));
        store.add(TestPeers.connected(id(), at(0), ConnectionDirection.INBOUND));
        store.add(TestPeers.connected(id(), at(0), ConnectionDirection.OUTBOUND));

        PeerInfo thirdInbound = TestPeers.connected(id(), at(1), ConnectionDirection.INBOUND);
        DiscoveryException in = assertThrows(DiscoveryException.class, () -> store.add(thirdInbound));
        assertEquals(DiscoveryException.Kind.PEER_STORE_FULL, in.kind());
        assertTrue(in.getMessage().contains("max_inbound=2"), in.getMessage());
        assertFalse(store.get(thirdInbound.id()).isPresent());

        // an already stored, disconnected peer that connects outbound: refused, and left as it was
        PeerInfo known = TestPeers.peer(id(), at(0));
        store.add(known);
        DiscoveryException out = assertThrows(DiscoveryException.class,
                () -> store.add(known.withLastSeen(at(2)).withStatus(ConnectionStatus.CONNECTED,
                        ConnectionDirection.OUTBOUND)));
        assertTrue(out.getMessage().contains("max_outbound=1"), out.getMessage());
        assertEquals(known, store.get(known.id()).orElseThrow());

        // disconnected peers and unlimited NONE direction still come in
        store.add(TestPeers.peer(id(), at(3)));
        assertEquals(5, store.size());
        Map<String, Object> facts = store.describe();
        assertEquals(2, facts.get("inbound"));
        assertEquals(1, facts.get("outbound"));
    }

    @Test
    void aDisconnectFreesTheSlot() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore(new PeerLimits(100, 1, 1));
        PeerInfo first = TestPeers.connected(id(), at(0), ConnectionDirection.INBOUND);
        store.add(first);
        store.add(first.withLastSeen(at(1)).withStatus(ConnectionStatus.DISCONNECTED, ConnectionDirection.NONE));
        store.add(TestPeers.connected(id(), at(2), ConnectionDirection.INBOUND));
        assertEquals(1, store.describe().get("inbound"));
    }

    @Test
    void loweringMaxPeersEvictsTheStalestDisconnected() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore(new PeerLimits(10, 10, 10));
        List<PeerInfo> peers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            PeerInfo peer = i == 0 ? TestPeers.connected(id(), at(i), ConnectionDirection.INBOUND)
                    : TestPeers.peer(id(), at(i));
            peers.add(peer);
            store.add(peer);
        }
        List<PeerInfo> evicted = store.setLimits(new PeerLimits(3, 10, 10));
        assertEquals(List.of(peers.get(1), peers.get(2), peers.get(3)), evicted);
        assertEquals(3, store.size());
        assertEquals(new PeerLimits(3, 10, 10), store.limits());

        // all but connected gone: over the limit stays reported
        store.setLimits(new PeerLimits(1, 10, 10));
        assertEquals(1, store.size());
        store.add(peers.get(0).withLastSeen(at(7)).withStatus(ConnectionStatus.CONNECTED,
                ConnectionDirection.INBOUND));
        assertFalse(store.describe().containsKey("problems"));
    }

    @Test
    void anOverfullStoreShrinksAsPeersDisconnect() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore(new PeerLimits(10, 10, 10));
        List<PeerInfo> connected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PeerInfo peer = TestPeers.connected(id(), at(i), ConnectionDirection.INBOUND);
            connected.add(peer);
            store.add(peer);
        }
        store.setLimits(new PeerLimits(2, 10, 10));
        assertEquals(4, store.size(), "connected peers stay");
        assertTrue(store.describe().containsKey("problems"));
        for (int i = 0; i < 3; i++) {
            store.add(connected.get(i).withLastSeen(at(10)).withStatus(ConnectionStatus.DISCONNECTED,
                    ConnectionDirection.NONE));
        }
        store.add(TestPeers.peer(id(), at(20)));
        assertEquals(2, store.size(), "the new peer evicted all three disconnected ones");
    }

    @Test
    void closestAnswersThroughTheIndex() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore(new PeerLimits(1000, 10, 10));
        List<PeerId> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            PeerId id = id();
            ids.add(id);
            store.add(TestPeers.peer(id, at(i)));
        }
        byte[] target = new byte[32];
        random.nextBytes(target);
        List<PeerId> expected = KadKeyTrieTest.bruteForce(ids, target, 20);
        assertEquals(expected, store.closest(target, 20).stream().map(PeerInfo::id).toList());
        assertThrows(IllegalArgumentException.class, () -> store.closest(new byte[3], 20));
    }

    @Test
    void addAllSkipsWhatTheLimitsRefuse() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore(new PeerLimits(100, 1, 100));
        List<PeerInfo> batch = List.of(TestPeers.connected(id(), at(0), ConnectionDirection.INBOUND),
                TestPeers.connected(id(), at(0), ConnectionDirection.INBOUND), TestPeers.peer(id(), at(0)));
        assertEquals(2, store.addAll(batch));
        assertEquals(2, store.size());
    }

    @Test
    void addAllCountsWhatItAddedOrChangedNotWhatIsStored() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore();
        PeerInfo known = TestPeers.peer(id(), at(5));
        PeerInfo older = TestPeers.peer(id(), at(5));
        store.add(known);
        store.add(older);
        List<PeerInfo> batch = List.of(known, older.withLastSeen(at(6)), TestPeers.peer(id(), at(0)),
                TestPeers.peer(id(), at(0)));
        assertEquals(3, store.addAll(batch), "one unchanged, one updated, two added");
        assertEquals(0, store.addAll(batch), "the same batch again changes nothing");
        assertEquals(4, store.size());
    }

    @Test
    void describeNamesTheStore() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore();
        store.add(TestPeers.peer(id(), at(0)).withSources(Set.of(DiscoveryType.MDNS)));
        Map<String, Object> facts = store.describe();
        assertEquals("memory", facts.get("type"));
        assertEquals(1, facts.get("size"));
        assertEquals(PeerLimits.DEFAULT, facts.get("limits"));
        assertEquals(1, facts.get("evictable"));
    }
}
