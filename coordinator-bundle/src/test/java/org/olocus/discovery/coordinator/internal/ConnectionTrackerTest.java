package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.api.PeerStore;
import org.olocus.discovery.api.StoreUpdate;
import org.olocus.discovery.peerstore.internal.MemoryPeerStore;

/** Host events through the tracker and the intake into the real in-memory store (its merge rules and limits). */
class ConnectionTrackerTest {
    private static final ConnectionDirection IN = ConnectionDirection.INBOUND;
    private static final ConnectionDirection OUT = ConnectionDirection.OUTBOUND;

    private final ListenerDispatcher listeners = new ListenerDispatcher();
    private final PeerIntake intake = new PeerIntake(TestPeers.randomId(), listeners);
    private PeerStore store;
    private ConnectionTracker tracker;

    private final ObservedAddresses observed = new ObservedAddresses(java.time.Clock.systemUTC());
    private final java.util.concurrent.atomic.AtomicInteger ownAddressesChanged =
            new java.util.concurrent.atomic.AtomicInteger();

    private void start(PeerStore s) throws DiscoveryException {
        store = s;
        intake.storeOffered(store, Map.of("service.ranking", 0, "service.id", 1L));
        tracker = new ConnectionTracker(intake, observed, ownAddressesChanged::incrementAndGet);
    }

    @AfterEach
    void stop() {
        intake.close();
        listeners.close();
    }

    /** Waits until everything queued on the intake's owner thread before this call has run. */
    private void drain() throws DiscoveryException {
        intake.removeNow(TestPeers.randomId());
    }

    private PeerInfo stored(PeerId id) throws DiscoveryException {
        drain();
        return store.get(id).orElseThrow(() -> new AssertionError(id + " is not stored"));
    }

    private static IdentifyInfo identify(List<String> listen, List<String> protocols) {
        return new IdentifyInfo(Ed25519LocalPeer.generate().publicKey(),
                listen.stream().map(Multiaddr::parse).toList(), protocols, "ipfs/0.1.0", "js-libp2p/3.0.0",
                Optional.empty(), false);
    }

    @Test
    void anOutboundConnectionStoresThePeerConnectedWithTheAddressWeDialled() throws Exception {
        start(new MemoryPeerStore());
        PeerId peer = TestPeers.randomId();
        Instant before = Instant.now();
        tracker.connected(new FakeConnection(peer, "/ip4/127.0.0.1/tcp/4001", OUT));
        PeerInfo p = stored(peer);
        assertEquals(ConnectionStatus.CONNECTED, p.status());
        assertEquals(OUT, p.direction());
        assertEquals(Set.of(DiscoveryType.TRANSPORT), p.sources());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), p.addresses());
        assertFalse(p.lastSeen().isBefore(before));
    }

    @Test
    void anInboundConnectionDoesNotStoreTheRemotesEphemeralPort() throws Exception {
        start(new MemoryPeerStore());
        PeerId peer = TestPeers.randomId();
        tracker.connected(new FakeConnection(peer, "/ip4/127.0.0.1/tcp/53124", IN));
        PeerInfo p = stored(peer);
        assertEquals(ConnectionStatus.CONNECTED, p.status());
        assertEquals(IN, p.direction());
        assertEquals(List.of(), p.addresses());
    }

    @Test
    void identifyMergesDialableListenAddressesAndProtocolsAndKeepsTheConnection() throws Exception {
        start(new MemoryPeerStore());
        PeerId peer = TestPeers.randomId();
        FakeConnection c = new FakeConnection(peer, "/ip4/127.0.0.1/tcp/40123", IN);
        tracker.connected(c);
        tracker.identified(c, identify(List.of("/ip4/0.0.0.0/tcp/4001", "/ip4/127.0.0.1/tcp/4001", "/ip6/::/tcp/4001",
                "/ip6/::1/tcp/4001", "/ip4/192.0.2.7/tcp/4001/p2p-circuit"), List.of("/ipfs/id/1.0.0",
                "/ipfs/ping/1.0.0", "/ipfs/kad/1.0.0")));
        PeerInfo p = stored(peer);
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4001")),
                p.addresses());
        assertEquals(Set.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/ipfs/kad/1.0.0"), p.protocols());
        assertEquals(ConnectionStatus.CONNECTED, p.status());
        assertEquals(IN, p.direction());

        // identify push: new protocols and addresses are added to what is known
        tracker.identified(c, identify(List.of("/ip4/127.0.0.1/tcp/4002"), List.of("/olocus/gossip/1.0.0")));
        p = stored(peer);
        assertTrue(p.addresses().contains(Multiaddr.parse("/ip4/127.0.0.1/tcp/4002")), p.toString());
        assertTrue(p.protocols().contains("/olocus/gossip/1.0.0"), p.toString());
        assertEquals(2, tracker.stats().identified());
    }

    @Test
    void aHandshakeProvesTheIdAndAnOutboundOneTheAddressIdentifyBringsTheAgent() throws Exception {
        start(new MemoryPeerStore());
        PeerId dialled = TestPeers.randomId();
        tracker.connected(new FakeConnection(dialled, "/ip4/10.9.0.5/tcp/4001", OUT));
        PeerInfo p = stored(dialled);
        assertTrue(p.isProven(), p.toString());
        assertEquals(List.of(Multiaddr.parse("/ip4/10.9.0.5/tcp/4001")), p.provenAddresses());

        PeerId caller = TestPeers.randomId();
        FakeConnection in = new FakeConnection(caller, "/ip4/10.9.0.6/tcp/51000", IN);
        tracker.connected(in);
        p = stored(caller);
        assertTrue(p.isProven(), p.toString());
        assertEquals(List.of(), p.provenAddresses(), "its source port is not where it listens");

        tracker.identified(in, identify(List.of("/ip4/10.9.0.6/tcp/4001", "/ip4/127.0.0.1/tcp/4001",
                "/ip6/::1/tcp/4001"), List.of("/ipfs/id/1.0.0")));
        p = stored(caller);
        assertEquals("js-libp2p/3.0.0", p.agentVersion());
        assertEquals(List.of(Multiaddr.parse("/ip4/10.9.0.6/tcp/4001")), p.addresses(),
                "a peer on another host is not at our loopback addresses");
    }

    @Test
    void aPeerStaysConnectedUntilItsLastConnectionClosesThenStaysStoredDisconnected() throws Exception {
        start(new MemoryPeerStore());
        PeerId peer = TestPeers.randomId();
        FakeConnection first = new FakeConnection(peer, "/ip4/127.0.0.1/tcp/4001", OUT);
        FakeConnection second = new FakeConnection(peer, "/ip4/127.0.0.1/tcp/4001", OUT);
        tracker.connected(first);
        tracker.connected(second);
        tracker.disconnected(first);
        assertEquals(ConnectionStatus.CONNECTED, stored(peer).status());
        tracker.disconnected(second);
        PeerInfo p = stored(peer);
        assertEquals(ConnectionStatus.DISCONNECTED, p.status());
        assertEquals(ConnectionDirection.NONE, p.direction());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), p.addresses());
        ConnectionTracker.Stats stats = tracker.stats();
        assertEquals(List.of(2L, 0L, 2L, 0L, 0L, 0), List.of(stats.connected(), stats.identified(),
                stats.disconnected(), stats.refusedConnected(), stats.reconciled(), stats.connectedPeers()));
    }

    @Test
    void whenTheConnectionHoldingTheSlotClosesThePeerMovesToTheOtherDirection() throws Exception {
        start(new MemoryPeerStore());
        PeerId peer = TestPeers.randomId();
        FakeConnection inbound = new FakeConnection(peer, "/ip4/127.0.0.1/tcp/50000", IN);
        FakeConnection outbound = new FakeConnection(peer, "/ip4/127.0.0.1/tcp/4001", OUT);
        tracker.connected(inbound);
        tracker.connected(outbound); // simultaneous dial: the first connection keeps the slot
        assertEquals(IN, stored(peer).direction());
        tracker.disconnected(inbound);
        PeerInfo p = stored(peer);
        assertEquals(ConnectionStatus.CONNECTED, p.status());
        assertEquals(OUT, p.direction());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), p.addresses());
    }

    @Test
    void aConnectionHeardTwiceAndUnknownDisconnectsChangeNothing() throws Exception {
        start(new MemoryPeerStore());
        PeerId peer = TestPeers.randomId();
        FakeConnection c = new FakeConnection(peer, "/ip4/127.0.0.1/tcp/4001", OUT);
        tracker.connected(c);
        tracker.connected(c); // a listener registered late hears open connections again
        tracker.disconnected(new FakeConnection(peer, "/ip4/127.0.0.1/tcp/4009", OUT));
        assertEquals(ConnectionStatus.CONNECTED, stored(peer).status());
        tracker.disconnected(c);
        assertEquals(ConnectionStatus.DISCONNECTED, stored(peer).status());
        tracker.disconnected(c);
        drain();
        assertEquals(0, tracker.stats().connectedPeers());
    }

    @Test
    void aConnectedStateTheStoreRefusesKeepsThePeerWithItsStatusUnchangedCountedOnce() throws Exception {
        start(new MemoryPeerStore(new PeerLimits(100, 1, 1)));
        PeerId first = TestPeers.randomId();
        PeerId known = TestPeers.randomId();
        PeerId fresh = TestPeers.randomId();
        store.add(PeerInfo.discovered(known, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4100")), DiscoveryType.MDNS)
                .withStatus(ConnectionStatus.DISCONNECTED, ConnectionDirection.NONE));
        tracker.connected(new FakeConnection(first, "/ip4/127.0.0.1/tcp/50001", IN));
        FakeConnection knownConnection = new FakeConnection(known, "/ip4/127.0.0.1/tcp/50002", IN);
        tracker.connected(knownConnection);
        tracker.connected(new FakeConnection(fresh, "/ip4/127.0.0.1/tcp/50003", IN));

        assertEquals(ConnectionStatus.CONNECTED, stored(first).status());
        PeerInfo k = stored(known);
        assertEquals(ConnectionStatus.DISCONNECTED, k.status());
        assertEquals(Set.of(DiscoveryType.MDNS, DiscoveryType.TRANSPORT), k.sources());
        PeerInfo f = stored(fresh);
        assertEquals(ConnectionStatus.UNKNOWN, f.status());
        assertEquals(Set.of(DiscoveryType.TRANSPORT), f.sources());
        assertEquals(2, tracker.stats().refusedConnected());

        // identify on a refused connection still merges what the peer said; its status stays as it was
        tracker.identified(knownConnection, identify(List.of("/ip4/127.0.0.1/tcp/4101"), List.of("/ipfs/id/1.0.0")));
        k = stored(known);
        assertEquals(ConnectionStatus.DISCONNECTED, k.status());
        assertTrue(k.protocols().contains("/ipfs/id/1.0.0"));
        assertEquals(2, tracker.stats().refusedConnected());
        // an outbound slot is still free
        PeerId dialled = TestPeers.randomId();
        tracker.connected(new FakeConnection(dialled, "/ip4/127.0.0.1/tcp/4200", OUT));
        assertEquals(ConnectionStatus.CONNECTED, stored(dialled).status());
    }

    @Test
    void whenTheHostLeavesEveryPeerItHeldIsMarkedDisconnected() throws Exception {
        start(new MemoryPeerStore());
        FakeHost host = new FakeHost();
        tracker.hostBound(host);
        PeerId a = TestPeers.randomId();
        PeerId b = TestPeers.randomId();
        for (FakeConnection c : List.of(new FakeConnection(a, "/ip4/127.0.0.1/tcp/4001", OUT),
                new FakeConnection(b, "/ip4/127.0.0.1/tcp/50000", IN))) {
            host.open.add(c);
            tracker.connected(c);
        }
        drain();
        assertEquals(2, tracker.stats().connectedPeers());
        tracker.hostGone(host);
        assertEquals(ConnectionStatus.DISCONNECTED, stored(a).status());
        assertEquals(ConnectionStatus.DISCONNECTED, stored(b).status());
        assertEquals(0, tracker.stats().connectedPeers());
    }

    @Test
    void eventsNeverWaitForASlowStore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MemoryPeerStore real = new MemoryPeerStore();
        start(new SlowStore(real, release));
        PeerId peer = TestPeers.randomId();
        FakeConnection c = new FakeConnection(peer, "/ip4/127.0.0.1/tcp/4001", OUT);
        // The store blocks every add until released; the transport's thread must not wait for it.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 100; i++) {
                tracker.connected(c);
                tracker.identified(c, identify(List.of("/ip4/127.0.0.1/tcp/4001"), List.of("/ipfs/id/1.0.0")));
            }
            tracker.disconnected(c);
        });
        release.countDown();
        PeerInfo p = stored(peer);
        assertEquals(ConnectionStatus.DISCONNECTED, p.status());
        assertEquals(Set.of("/ipfs/id/1.0.0"), p.protocols());
        assertEquals(100, tracker.stats().connected());
    }

    @Test
    void aFloodOfConnectDisconnectPairsLeavesEveryPeerExactlyRight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MemoryPeerStore real = new MemoryPeerStore(new PeerLimits(20_000, 20_000, 20_000));
        // The store holds the owner thread up while the whole flood arrives, as a slow disk would.
        start(new SlowStore(real, release));
        List<PeerId> peers = new ArrayList<>();
        Set<PeerId> leftOpen = new HashSet<>();
        IdentifyInfo info = identify(List.of("/ip4/127.0.0.1/tcp/4001"), List.of("/ipfs/id/1.0.0"));
        for (int i = 0; i < 10_000; i++) {
            PeerId peer = TestPeers.randomId();
            peers.add(peer);
            ConnectionDirection direction = i % 2 == 0 ? OUT : IN;
            FakeConnection c = new FakeConnection(peer, "/ip4/127.0.0.1/tcp/" + (1024 + i), direction);
            tracker.connected(c);
            tracker.identified(c, info);
            tracker.disconnected(c);
            if (i % 10 == 0) {
                tracker.connected(new FakeConnection(peer, "/ip4/127.0.0.1/tcp/" + (30_000 + i), direction));
                leftOpen.add(peer);
            }
        }
        release.countDown();
        drain();
        List<String> wrong = new ArrayList<>();
        for (PeerId peer : peers) {
            ConnectionStatus expected = leftOpen.contains(peer) ? ConnectionStatus.CONNECTED
                    : ConnectionStatus.DISCONNECTED;
            Optional<PeerInfo> p = real.get(peer);
            if (p.isEmpty() || p.get().status() != expected || !p.get().protocols().contains("/ipfs/id/1.0.0")) {
                wrong.add(peer + " " + p.map(PeerInfo::status).orElse(null));
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(5, wrong.size())), wrong.size() + " peers wrong");
        assertEquals(leftOpen.size(), tracker.stats().connectedPeers());
        assertEquals(11_000, tracker.stats().connected());
        assertEquals(10_000, tracker.stats().disconnected());
    }

    @Test
    void reconcilingWithTheHostsConnectionsRepairsWhatTheEventsGotWrong() throws Exception {
        start(new MemoryPeerStore(new PeerLimits(100, 10, 10)));
        FakeHost host = new FakeHost();
        // closed on the host, but its disconnected event never came
        PeerId closedSilently = TestPeers.randomId();
        FakeConnection a = new FakeConnection(closedSilently, "/ip4/127.0.0.1/tcp/4001", OUT);
        host.open.add(a);
        tracker.connected(a);
        a.close();
        // open on the host, but its connected event never came
        PeerId openedSilently = TestPeers.randomId();
        host.open.add(new FakeConnection(openedSilently, "/ip4/127.0.0.1/tcp/50001", IN));
        // stored connected (an earlier run, a store hand-over) with no connection at all
        PeerId stale = TestPeers.randomId();
        store.add(PeerInfo.discovered(stale, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4002")), DiscoveryType.DHT)
                .withStatus(ConnectionStatus.CONNECTED, OUT));
        // open, and heard so
        PeerId fine = TestPeers.randomId();
        FakeConnection d = new FakeConnection(fine, "/ip4/127.0.0.1/tcp/4003", OUT);
        host.open.add(d);
        tracker.connected(d);
        drain();

        tracker.hostBound(host); // reconciles at once, then every RECONCILE_EVERY
        assertEquals(ConnectionStatus.DISCONNECTED, stored(closedSilently).status());
        PeerInfo opened = stored(openedSilently);
        assertEquals(ConnectionStatus.CONNECTED, opened.status());
        assertEquals(IN, opened.direction());
        assertEquals(ConnectionStatus.DISCONNECTED, stored(stale).status());
        assertEquals(ConnectionStatus.CONNECTED, stored(fine).status());
        assertEquals(2, tracker.stats().connectedPeers());
        assertEquals(3, tracker.stats().reconciled());

        // the periodic pass: a connection closed since, its event lost again
        d.close();
        tracker.reconcile();
        assertEquals(ConnectionStatus.DISCONNECTED, stored(fine).status());
        assertEquals(4, tracker.stats().reconciled());
        tracker.disconnected(d); // the event after all: nothing left to change
        assertEquals(ConnectionStatus.DISCONNECTED, stored(fine).status());
        assertEquals(1, tracker.stats().connectedPeers());
    }

    /** Delegates to a real store, but every add waits for a latch. */
    private record SlowStore(MemoryPeerStore real, CountDownLatch release) implements PeerStore {
        @Override
        public StoreUpdate add(PeerInfo peer) throws DiscoveryException {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return real.add(peer);
        }

        @Override
        public Optional<PeerInfo> remove(PeerId id) {
            return real.remove(id);
        }

        @Override
        public Optional<StoreUpdate> forgetAddresses(PeerId id, Collection<Multiaddr> addresses) {
            return real.forgetAddresses(id, addresses);
        }

        @Override
        public Optional<PeerInfo> get(PeerId id) {
            return real.get(id);
        }

        @Override
        public List<PeerInfo> all() {
            return real.all();
        }

        @Override
        public List<PeerInfo> closest(byte[] kadKey, int count) {
            return real.closest(kadKey, count);
        }

        @Override
        public boolean markSeen(PeerId id, Instant when) {
            return real.markSeen(id, when);
        }

        @Override
        public int size() {
            return real.size();
        }

        @Override
        public PeerLimits limits() {
            return real.limits();
        }

        @Override
        public Map<String, Object> describe() {
            return real.describe();
        }
    }
}
