package org.olocus.discovery.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;

/** Dialling address-only DNS targets through a fake host (nothing leaves the JVM; every address is loopback). */
class TargetDialerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final TargetDialer dialer = new TargetDialer(executor, System::nanoTime);
    private final FakeHost host = new FakeHost();
    private final List<PeerInfo> pushed = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        dialer.close();
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static AddressOnlyTarget target(String name, String... addresses) {
        List<Multiaddr> list = new ArrayList<>();
        for (String a : addresses) {
            list.add(Multiaddr.parse(a));
        }
        return new AddressOnlyTarget(name, list, "no TXT");
    }

    private List<PeerInfo> round(AddressOnlyTarget... targets) {
        return round(TIMEOUT, targets);
    }

    private List<PeerInfo> round(Duration timeout, AddressOnlyTarget... targets) {
        List<PeerInfo> now = dialer.round(host, List.of(targets), timeout, pushed::add);
        await(() -> dialer.stats().inFlight() == 0);
        return now;
    }

    @Test
    void aHandshakeProvesTheIdAndThePeerIsPushedWithTheTargetsAddresses() {
        PeerId gamma = TestPeers.newPeerId();
        host.answer("/ip4/127.0.0.13/tcp/4003", gamma);
        AddressOnlyTarget t = target("gamma.olocus.test.:4003", "/ip4/127.0.0.13/tcp/4003", "/ip6/::1/tcp/4003");
        assertEquals(List.of(), round(t));
        assertEquals(1, pushed.size());
        PeerInfo p = pushed.get(0);
        assertEquals(gamma, p.id());
        assertEquals(t.addresses(), p.addresses());
        assertEquals(java.util.Set.of(DiscoveryType.DNS), p.sources());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.13/tcp/4003")), host.dials);
        TargetDialer.Stats s = dialer.stats();
        assertEquals(1, s.dialled());
        assertEquals(1, s.proven());
        assertEquals(0, s.failed());
        assertEquals(List.of("gamma.olocus.test.:4003 /ip4/127.0.0.13/tcp/4003 is " + gamma), s.provenIds());
    }

    @Test
    void theNextAddressIsTriedWhenOneFails() {
        PeerId id = TestPeers.newPeerId();
        host.answer("/ip6/::1/tcp/4003", id);
        round(target("t:4003", "/ip4/127.0.0.13/tcp/4003", "/ip6/::1/tcp/4003"));
        assertEquals(List.of(id), pushed.stream().map(PeerInfo::id).toList());
        assertEquals(2, dialer.stats().dialled());
        assertEquals(1, dialer.stats().failed());
    }

    @Test
    void aFailedAddressIsNotDialledInTheNextRoundAndWaitsLongerAfterEachFailure() {
        AddressOnlyTarget t = target("dead:4009", "/ip4/127.0.0.19/tcp/4009");
        List<Integer> dialsPerRound = new ArrayList<>();
        for (int r = 1; r <= 7; r++) {
            int before = host.dials.size();
            round(t);
            dialsPerRound.add(host.dials.size() - before);
        }
        // failure 1 in round 1: skip 1 round; failure 2 in round 3: skip 2; failure 3 in round 6: skip 4
        assertEquals(List.of(1, 0, 1, 0, 0, 1, 0), dialsPerRound);
        assertEquals(4, dialer.stats().backedOff());

        // once it answers (after its backoff) it is proven and the backoff is over
        PeerId id = TestPeers.newPeerId();
        host.answer("/ip4/127.0.0.19/tcp/4009", id);
        for (int r = 0; r < 4 && pushed.isEmpty(); r++) {
            round(t);
        }
        assertEquals(List.of(id), pushed.stream().map(PeerInfo::id).toList());
    }

    @Test
    void atMostEightTargetsAreDialledAtOnceEachBoundedByTheTimeout() {
        List<AddressOnlyTarget> targets = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            host.hang("/ip4/127.0.1." + i + "/tcp/4001");
            targets.add(target("t" + i + ":4001", "/ip4/127.0.1." + i + "/tcp/4001"));
        }
        dialer.round(host, targets, Duration.ofMillis(300), pushed::add);
        assertEquals(8, host.dials.size());
        assertEquals(8, dialer.stats().inFlight());
        assertEquals(4, dialer.stats().deferred());
        await(() -> dialer.stats().inFlight() == 0);
        assertEquals(8, dialer.stats().failed());
        // the next round takes the four that waited (the eight that timed out are in backoff)
        dialer.round(host, targets, Duration.ofMillis(300), pushed::add);
        assertEquals(12, host.dials.size());
        assertEquals(8, dialer.stats().backedOff());
        await(() -> dialer.stats().inFlight() == 0);
    }

    @Test
    void aProvenPeerTheHostIsConnectedToIsReportedWithoutDialling() {
        PeerId id = TestPeers.newPeerId();
        host.answer("/ip4/127.0.0.13/tcp/4003", id);
        AddressOnlyTarget t = target("gamma:4003", "/ip4/127.0.0.13/tcp/4003");
        round(t);
        List<PeerInfo> now = round(t);
        assertEquals(List.of(id), now.stream().map(PeerInfo::id).toList());
        assertEquals(1, host.dials.size());
    }

    @Test
    void aProvenAddressIsRedialledWithItsIdAndAnotherIdThereMustProveItselfAgain() {
        PeerId first = TestPeers.newPeerId();
        PeerId second = TestPeers.newPeerId();
        host.answer("/ip4/127.0.0.13/tcp/4003", first);
        AddressOnlyTarget t = target("gamma:4003", "/ip4/127.0.0.13/tcp/4003");
        round(t);
        host.disconnect(first);
        host.answer("/ip4/127.0.0.13/tcp/4003", second); // the host behind the name changed
        round(t);
        assertEquals(Multiaddr.parse("/ip4/127.0.0.13/tcp/4003/p2p/" + first), host.dials.get(1));
        assertEquals(1, dialer.stats().failed());
        round(t); // backoff
        round(t);
        assertEquals(Multiaddr.parse("/ip4/127.0.0.13/tcp/4003"), host.dials.get(2));
        assertEquals(List.of(first, second), pushed.stream().map(PeerInfo::id).toList());
    }

    @ParameterizedTest
    @CsvSource({
            "/ip4/127.0.0.1/tcp/4001, true",
            "/ip6/::1/tcp/4001, true",
            "/ip4/127.0.0.1/udp/4001, false",
            "/dns4/beta.olocus.test/tcp/4002, false",
            "/ip4/0.0.0.0/tcp/4001, false",
            "/ip4/127.0.0.1/tcp/0, false",
            "/ip4/127.0.0.1/tcp/4001/ws, false"})
    void onlyTcpToALiteralAddressIsDialled(String address, boolean dialable) {
        assertEquals(dialable, TargetDialer.isDialable(Multiaddr.parse(address)));
    }

    @Test
    void targetsWithNothingDialableAreLeftAlone() {
        assertEquals(List.of(), round(target("named:4002", "/dns4/beta.olocus.test/tcp/4002")));
        assertTrue(host.dials.isEmpty());
        assertEquals(0, dialer.stats().backedOff());
    }

    static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 20 s");
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
