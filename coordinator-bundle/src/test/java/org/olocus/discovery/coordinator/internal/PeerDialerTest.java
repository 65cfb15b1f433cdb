package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.peerstore.internal.MemoryPeerStore;

/** The dialler against a fake host and the real intake and store: proof, false claims, dead addresses, target. */
class PeerDialerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final FakeHost host = new FakeHost();
    private final MemoryPeerStore store = new MemoryPeerStore();
    private final ListenerDispatcher listeners = new ListenerDispatcher();
    private final PeerIntake intake = new PeerIntake(host.self, listeners);
    private final AddressVerdicts verdicts = new AddressVerdicts(Clock.systemUTC());
    private final FalseClaims falseClaims = new FalseClaims();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
    private volatile PeerDialer.Settings settings = new PeerDialer.Settings(32, 8, Duration.ofSeconds(60),
            Duration.ofSeconds(600), 2);
    private PeerDialer dialer;

    @BeforeEach
    void start() throws Exception {
        intake.storeOffered(store, Map.of("service.ranking", 0, "service.id", 1L));
        ConnectionTracker tracker = new ConnectionTracker(intake, new ObservedAddresses(Clock.systemUTC()), () -> { });
        host.onConnect = tracker::connected;
        dialer = new PeerDialer(intake, verdicts, falseClaims, () -> settings, Clock.systemUTC(), thread);
        listeners.addListener(dialer);
        intake.claimGate(dialer::admit);
    }

    @AfterEach
    void stop() {
        dialer.close();
        thread.shutdownNow();
        intake.close();
        listeners.close();
    }

    private static Multiaddr at(int i) {
        return Multiaddr.parse("/ip4/10.9.1." + i + "/tcp/4001");
    }

    private void found(PeerId id, DiscoveryType source, Multiaddr... addresses) throws Exception {
        intake.addNow(PeerInfo.discovered(id, List.of(addresses), source));
    }

    @Test
    void aClaimThatHoldsIsDialledOnceAndEndsProvenAndConnected() throws Exception {
        PeerId peer = TestPeers.randomId();
        host.listening.put(at(1), peer);
        dialer.host(host);
        found(peer, DiscoveryType.MDNS, at(1));
        await(() -> store.get(peer).map(p -> p.isProven() && p.status() == ConnectionStatus.CONNECTED).orElse(false));
        PeerInfo stored = store.get(peer).orElseThrow();
        assertEquals(List.of(at(1)), stored.provenAddresses());
        assertEquals(1, host.dialsTo(at(1)));
        assertFalse(host.dialled.get(0).peerId().isPresent(), "dialled without the claimed id");
        await(() -> dialer.stats().proven() == 1);
        assertEquals(0, falseClaims.of(DiscoveryType.MDNS));
    }

    @Test
    void aForgedClaimIsCountedDroppedAndTheRealPeerStored() throws Exception {
        PeerId claimed = TestPeers.randomId();
        PeerId real = TestPeers.randomId();
        host.listening.put(at(3), real);
        dialer.host(host);
        found(claimed, DiscoveryType.MDNS, at(3));
        await(() -> store.get(real).map(PeerInfo::isProven).orElse(false));
        await(() -> store.get(claimed).map(p -> !p.addresses().contains(at(3))).orElse(true));
        assertEquals(1, falseClaims.of(DiscoveryType.MDNS));
        assertEquals(0, falseClaims.of(DiscoveryType.DNS));
        assertEquals(List.of(at(3)), store.get(real).orElseThrow().provenAddresses());
        // the same claim again is held back before it reaches the store
        assertEquals(List.of(), verdicts.admissible(claimed, List.of(at(3))));
        assertEquals(1, dialer.stats().falseClaims());
    }

    @Test
    void aForgedClaimAboutAProvenPeerNeverReachesTheStore() throws Exception {
        PeerId known = TestPeers.randomId();
        PeerId other = TestPeers.randomId();
        host.listening.put(at(20), known);
        host.listening.put(at(21), other);
        dialer.host(host);
        found(known, DiscoveryType.MDNS, at(20));
        found(other, DiscoveryType.MDNS, at(21));
        await(() -> store.get(known).map(PeerInfo::isProven).orElse(false)
                && store.get(other).map(PeerInfo::isProven).orElse(false));
        List<PeerInfo> seenByListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
        listeners.addListener(new org.olocus.discovery.api.PeerListener() {
            @Override
            public void peerUpdated(PeerInfo before, PeerInfo after) {
                seenByListeners.add(after);
            }
        });

        // a mechanism claims the known peer is at the other's address, and at a new address where it really is
        host.listening.put(at(22), known);
        PeerInfo claim = PeerInfo.discovered(known, List.of(at(21), at(22)), DiscoveryType.MDNS);
        assertTrue(intake.submit(List.of(claim), () -> { }));
        await(() -> dialer.stats().falseClaims() == 1 && dialer.stats().verified() == 1);
        await(() -> store.get(known).orElseThrow().provenAddresses().contains(at(22)));
        assertFalse(store.get(known).orElseThrow().addresses().contains(at(21)));
        assertTrue(seenByListeners.stream().noneMatch(p -> p.id().equals(known) && p.addresses().contains(at(21))),
                "the forged address was never stored, not even for a moment");
        assertEquals(1, falseClaims.of(DiscoveryType.MDNS));
        // repeated, the refuted claim is held back before the gate (the runner's sanitize) and dialled no more
        assertEquals(List.of(at(22)), verdicts.admissible(known, List.of(at(21), at(22))));
        await(() -> host.connection(known).isPresent() && host.connections().stream()
                .filter(c -> c.remotePeer().equals(known)).count() == 1);
    }

    @Test
    void aDeadAddressDoesNotBlockTheNextAndIsForgottenAfterRepeatedFailures() throws Exception {
        PeerId peer = TestPeers.randomId();
        PeerId other = TestPeers.randomId();
        host.listening.put(at(6), peer);
        host.listening.put(at(8), other);
        dialer.host(host);
        found(peer, DiscoveryType.DNS, at(5), at(6));
        await(() -> store.get(peer).map(PeerInfo::isProven).orElse(false));
        assertEquals(1, host.dialsTo(at(5)));
        assertEquals(1, host.dialsTo(at(6)));

        // a peer whose only address is dead: FAILED, and the address goes after address_failures (2) rounds
        settings = new PeerDialer.Settings(32, 8, Duration.ofMillis(100), Duration.ofMillis(200), 2);
        PeerId gone = TestPeers.randomId();
        found(gone, DiscoveryType.DNS, at(7));
        await(() -> store.get(gone).map(p -> p.addresses().isEmpty()).orElse(false));
        assertEquals(2, host.dialsTo(at(7)));
        assertEquals(ConnectionStatus.FAILED, store.get(gone).orElseThrow().status());
        assertTrue(verdicts.verdict(gone, at(7)).isPresent());
        assertEquals(1, dialer.stats().forgottenAddresses());
    }

    @Test
    void itDialsUpToTheTargetOnly() throws Exception {
        settings = new PeerDialer.Settings(3, 8, Duration.ofSeconds(60), Duration.ofSeconds(600), 2);
        for (int i = 10; i < 20; i++) {
            PeerId p = TestPeers.randomId();
            host.listening.put(at(i), p);
            found(p, DiscoveryType.MDNS, at(i));
        }
        dialer.host(host);
        await(() -> host.connections().size() == 3);
        Thread.sleep(1500); // two more dialler ticks: still three
        assertEquals(3, host.connections().size());
        assertEquals(3, host.dialled.size());
    }

    @Test
    void withoutAHostNothingIsDialled() throws Exception {
        PeerId p = TestPeers.randomId();
        host.listening.put(at(30), p);
        found(p, DiscoveryType.MDNS, at(30));
        Thread.sleep(1500);
        assertTrue(host.dialled.isEmpty());
        assertEquals(Optional.of(false), store.get(p).map(PeerInfo::isProven));
    }

    @Test
    void candidatesOrderClaimsBeforeLostProvenPeersThenNewestFirst() {
        PeerInfo old = PeerInfo.discovered(TestPeers.randomId(), List.of(at(40)), DiscoveryType.MDNS)
                .withLastSeen(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        PeerInfo fresh = PeerInfo.discovered(TestPeers.randomId(), List.of(at(41)), DiscoveryType.MDNS);
        PeerInfo proven = PeerInfo.discovered(TestPeers.randomId(), List.of(at(42)), DiscoveryType.MDNS)
                .withProof(java.time.Instant.now(), List.of(at(42)));
        PeerInfo noAddress = PeerInfo.discovered(TestPeers.randomId(), List.of(
                Multiaddr.parse("/dns4/x.example/tcp/1")), DiscoveryType.DNS);
        List<DialPlan.Candidate> next = DialPlan.next(List.of(proven, old, noAddress, fresh), 10,
                java.time.Instant.now(), id -> false, id -> java.time.Instant.MIN, (id, a) -> a);
        assertEquals(List.of(fresh.id(), old.id(), proven.id()), next.stream().map(c -> c.peer().id()).toList());
        assertEquals(Set.of(), Set.copyOf(DialPlan.next(List.of(fresh), 10, java.time.Instant.now(),
                id -> true, id -> java.time.Instant.MIN, (id, a) -> a)));
    }

    private static void await(BooleanSupplier condition) {
        CoordinatorTest.await(condition, WAIT);
    }
}
