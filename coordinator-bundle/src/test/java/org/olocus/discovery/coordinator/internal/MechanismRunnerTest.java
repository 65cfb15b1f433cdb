package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.PeerInfo;

/** One runner, driven directly: which call a timeout interrupts, and rounds that always complete. */
class MechanismRunnerTest {
    private static final CoordinatorSettings SHORT = settings(1);
    private static final CoordinatorSettings LONG = settings(60);

    private final ListenerDispatcher listeners = new ListenerDispatcher();
    private final PeerIntake intake = new PeerIntake(TestPeers.randomId(), listeners);
    private final Ed25519LocalPeer localPeer = Ed25519LocalPeer.generate();
    private final PeerInfo self = TestPeers.peer(DiscoveryType.MANUAL);
    private volatile CoordinatorSettings settings = LONG;
    private MechanismRunner runner;

    private static CoordinatorSettings settings(long queryTimeoutSeconds) {
        return CoordinatorSettings.from(TestConfigs.coordinator(Map.of("query_timeout", queryTimeoutSeconds)));
    }

    private MechanismRunner runner(TestMechanism mechanism) {
        runner = new MechanismRunner(mechanism, intake, () -> settings, new AddressVerdicts(Clock.systemUTC()),
                new FalseClaims());
        return runner;
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.stop();
        }
        intake.close();
        listeners.close();
    }

    @Test
    void aTimeoutInterruptsOnlyTheCallThatTimedOutNotTheNextCallOnTheThread() throws Exception {
        CompletableFuture<List<PeerInfo>> never = new CompletableFuture<>();
        CountDownLatch discoverTimedOut = new CountDownLatch(1);
        CompletableFuture<Boolean> announceInterrupted = new CompletableFuture<>();
        AtomicInteger announces = new AtomicInteger();
        TestMechanism m = new TestMechanism("slow", DiscoveryType.DHT, () -> never) {
            @Override
            public CompletionStage<Void> announceSelf(PeerInfo peer) {
                if (announces.incrementAndGet() == 1) {
                    return super.announceSelf(peer); // the announce of start()
                }
                // Still on the mechanism's thread when the earlier discoverPeers call reaches its deadline.
                try {
                    announceInterrupted.complete(!discoverTimedOut.await(20, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    announceInterrupted.complete(true);
                }
                return CompletableFuture.completedFuture(null);
            }
        };
        m.discover = () -> CompletableFuture.completedFuture(List.of());
        runner(m).start(localPeer, self).get(10, TimeUnit.SECONDS);

        m.discover = () -> never; // returns at once; its stage never completes
        settings = SHORT;
        CompletableFuture<Integer> round = runner.runRound();
        settings = LONG; // the announce below has a deadline far away: only the round's can interrupt it
        round.whenComplete((n, e) -> discoverTimedOut.countDown());
        runner.announce(self);

        assertEquals(0, round.get(20, TimeUnit.SECONDS));
        assertFalse(announceInterrupted.get(20, TimeUnit.SECONDS),
                "the round's timeout interrupted the announce that was running on the thread by then");
        assertEquals(1, runner.status().timeouts());
    }

    @Test
    void aRoundCompletesEvenWhenTheMechanismsTypeThrowsAnError() throws Exception {
        // A mechanism bundle built against another api version fails with a LinkageError, not an exception.
        TestMechanism m = new TestMechanism("linkage", DiscoveryType.DNS,
                () -> CompletableFuture.completedFuture(TestMechanism.peers(3, DiscoveryType.DNS))) {
            @Override
            public DiscoveryType type() {
                throw new AbstractMethodError("type() (expected by the test)");
            }
        };
        runner(m).start(localPeer, self).get(10, TimeUnit.SECONDS);
        CompletableFuture<Integer> round = runner.runRound();
        round.handle((n, e) -> null).get(10, TimeUnit.SECONDS);
        assertEquals("null", runner.status().type());
    }

    @Test
    void aRoundCompletesWhateverTheMechanismsResultThrows() throws Exception {
        List<PeerInfo> broken = new AbstractList<>() {
            @Override
            public PeerInfo get(int index) {
                throw new IllegalStateException("a broken result list (expected by the test)");
            }

            @Override
            public int size() {
                throw new IllegalStateException("a broken result list (expected by the test)");
            }
        };
        TestMechanism m = new TestMechanism("broken", DiscoveryType.DNS,
                () -> CompletableFuture.completedFuture(broken));
        runner(m).start(localPeer, self).get(10, TimeUnit.SECONDS);
        assertEquals(0, runner.runRound().get(10, TimeUnit.SECONDS));
        assertTrue(runner.status().lastError().contains("broken result list"), runner.status().lastError());
    }

    @Test
    void aRoundCompletesWhenTheMechanismsTypeThrowsAtStart() throws Exception {
        TestMechanism m = new TestMechanism("throws-type", DiscoveryType.DNS,
                () -> CompletableFuture.completedFuture(TestMechanism.peers(2, DiscoveryType.DNS))) {
            @Override
            public DiscoveryType type() {
                throw new IllegalStateException("type() (expected by the test)");
            }
        };
        assertEquals(2, runner(m).start(localPeer, self).get(10, TimeUnit.SECONDS),
                "started, announced, and its first round stored");
        assertEquals("running", runner.status().state());
        assertEquals(2, runner.runRound().get(10, TimeUnit.SECONDS));
    }
}
