package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;

/**
 * Dials held for inbound handshakes from the target's IP ({@link HeldDials}, {@link DialCrossing}): many peers share
 * one IP, so a hold drops a handshake that proves another peer, ends with the handshakes it waits for whether they
 * succeed or fail, ends when its peer connects, and ends at its deadline or when the host closes whatever the
 * handshakes do.
 */
class ConnectionHeldDialsTest {
    private static final InetAddress SHARED = InetAddress.getLoopbackAddress();

    private final PeerId target = new Ed25519TestPeer().peerId();
    private final PeerId other = new Ed25519TestPeer().peerId();
    private final AtomicInteger released = new AtomicInteger();

    private static ConnectionUpgrader inbound(InetAddress from) {
        ConnectionUpgrader u = new ConnectionUpgrader(null, false, null, null, new CompletableFuture<>());
        u.accepted(from);
        return u;
    }

    private void runAll(List<Runnable> ready) {
        ready.forEach(Runnable::run);
    }

    @Test
    void aHandshakeProvingAnotherPeerStopsHoldingTheDial() {
        HeldDials held = new HeldDials();
        ConnectionUpgrader a = inbound(SHARED);
        ConnectionUpgrader b = inbound(SHARED);
        assertTrue(held.hold(target, SHARED, List.of(a, b), false, released::incrementAndGet) != null);
        a.provenAs(other);
        runAll(held.identified(a));
        assertEquals(0, released.get(), "b may still be the target");
        b.provenAs(other);
        runAll(held.identified(b));
        assertEquals(1, released.get(), "neither handshake is the target: the dial goes ahead");
        assertEquals(0, held.size());
    }

    @Test
    void aHandshakeProvingTheTargetHoldsUntilItEndsOrItsConnectionIsAdmitted() {
        HeldDials held = new HeldDials();
        ConnectionUpgrader a = inbound(SHARED);
        held.hold(target, SHARED, List.of(a), false, released::incrementAndGet);
        a.provenAs(target);
        runAll(held.identified(a));
        assertEquals(0, released.get());
        runAll(held.connected(target));
        assertEquals(1, released.get(), "the target's connection came in: the dial ends with it");
        runAll(held.ended(a));
        assertEquals(1, released.get(), "released once");
    }

    @Test
    void alreadyProvenHandshakesOfOtherPeersAreNotAwaited() {
        HeldDials held = new HeldDials();
        ConnectionUpgrader a = inbound(SHARED);
        a.provenAs(other);
        assertNull(held.hold(target, SHARED, List.of(a), false, released::incrementAndGet));
        ConnectionUpgrader b = inbound(SHARED);
        b.provenAs(other);
        assertTrue(held.hold(null, SHARED, List.of(b), false, released::incrementAndGet) != null,
                "a dial whose peer is unknown waits for every handshake from the IP");
        runAll(held.ended(b));
        assertEquals(1, released.get());
    }

    @Test
    void aSettlingHoldTakesInNewHandshakesFromItsIpOnly() throws Exception {
        HeldDials held = new HeldDials();
        HeldDials.Hold hold = held.hold(target, SHARED, List.of(), true, released::incrementAndGet);
        ConnectionUpgrader late = inbound(SHARED);
        held.started(late);
        held.started(inbound(InetAddress.getByAddress(new byte[] {127, 0, 9, 9})));
        assertNull(held.settled(hold), "the late handshake from the same IP may be the crossing dial");
        runAll(held.ended(late));
        assertEquals(1, released.get());
    }

    @Test
    void everyHoldEndsWhateverTheHandshakesDo() {
        HeldDials held = new HeldDials();
        ConnectionUpgrader stuck = inbound(SHARED);
        HeldDials.Hold first = held.hold(target, SHARED, List.of(stuck), false, released::incrementAndGet);
        held.hold(null, SHARED, List.of(stuck), true, released::incrementAndGet);
        held.hold(target, SHARED, List.of(stuck), false, released::incrementAndGet);
        held.expired(first).run();
        assertNull(held.expired(first), "expired once");
        runAll(held.releaseAll());
        assertEquals(3, released.get());
        assertEquals(0, held.size());
    }

    @Test
    void aReleasedHoldCancelsItsDeadline() {
        HeldDials held = new HeldDials();
        ConnectionUpgrader a = inbound(SHARED);
        HeldDials.Hold hold = held.hold(target, SHARED, List.of(a), false, released::incrementAndGet);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            ScheduledFuture<?> deadline = timers.schedule(() -> { }, 1, TimeUnit.HOURS);
            held.deadline(hold, deadline);
            runAll(held.ended(a));
            assertTrue(deadline.isCancelled());
            ScheduledFuture<?> late = timers.schedule(() -> { }, 1, TimeUnit.HOURS);
            held.deadline(hold, late);
            assertTrue(late.isCancelled(), "a deadline armed after the release is cancelled at once");
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void aDialHeldByAStalledHandshakeEndsAtTheDeadline() throws Exception {
        DialCrossing crossing = new DialCrossing(16);
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        try {
            crossing.listening(loop, Duration.ofMillis(200));
            ConnectionUpgrader stalled = inbound(SHARED);
            assertNull(crossing.started(stalled));
            CountDownLatch done = new CountDownLatch(1);
            long t0 = System.nanoTime();
            crossing.beforeDial(target, SHARED, done::countDown);
            assertEquals(1, crossing.heldDials());
            assertTrue(done.await(30, TimeUnit.SECONDS), "the held dial never ended");
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(200), "not before the deadline");
            assertEquals(0, crossing.heldDials());
            assertEquals(1, crossing.pendingHandshakes(), "the handshake itself is still pending");
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void closingReleasesEveryHeldDialAndLaterHandshakeEventsAreHarmless() {
        DialCrossing crossing = new DialCrossing(16);
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        try {
            crossing.listening(loop, Duration.ofHours(1));
            List<ConnectionUpgrader> upgraders = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                upgraders.add(inbound(SHARED));
                crossing.started(upgraders.get(i));
            }
            crossing.beforeDial(target, SHARED, released::incrementAndGet);
            crossing.beforeDial(null, SHARED, released::incrementAndGet);
            assertEquals(2, crossing.heldDials());
            crossing.close();
            assertEquals(2, released.get());
            upgraders.forEach(crossing::ended);
            upgraders.forEach(crossing::ended); // again: nothing
            assertEquals(2, released.get());
            assertEquals(0, crossing.pendingHandshakes());
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void aShedHandshakeIsTheOldest() {
        DialCrossing crossing = new DialCrossing(2);
        ConnectionUpgrader first = inbound(SHARED);
        assertNull(crossing.started(first));
        assertNull(crossing.started(inbound(SHARED)));
        assertSame(first, crossing.started(inbound(SHARED)));
        assertEquals(2, crossing.pendingHandshakes());
    }
}
