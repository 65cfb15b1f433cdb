package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.StoreUpdate;
import org.olocus.discovery.support.internal.NamedThreadFactory;

/** The intake's one writer thread: who counts as it, and how it stops. */
class PeerIntakeTest {
    private final ListenerDispatcher listeners = new ListenerDispatcher();
    private PeerIntake intake = new PeerIntake(TestPeers.randomId(), listeners);

    @AfterEach
    void stop() {
        intake.close();
        listeners.close();
    }

    @Test
    void aThreadThatMerelyHasTheWritersNameIsNotTakenForIt() throws Exception {
        RecordingStore store = new RecordingStore();
        intake.storeOffered(store, Map.of("service.ranking", 0, "service.id", 1L));
        PeerInfo peer = TestPeers.peer(DiscoveryType.MANUAL);
        Thread namesake = new Thread(() -> {
            try {
                intake.addNow(peer);
            } catch (DiscoveryException e) {
                throw new AssertionError(e);
            }
        }, NamedThreadFactory.PREFIX + "coordinator-store-1");
        namesake.start();
        namesake.join(10_000);
        assertTrue(store.get(peer.id()).isPresent());
        assertFalse(store.writers.contains(namesake), "the store was written from a thread that only has the name");
    }

    @Test
    void stopRunsEveryAcceptedWriteAndNeverInterruptsTheStore() throws Exception {
        RecordingStore store = new RecordingStore();
        intake.storeOffered(store, Map.of("service.ranking", 0, "service.id", 1L));
        store.holdNextAdd();
        PeerInfo first = TestPeers.peer(DiscoveryType.DHT);
        assertTrue(intake.submit(List.of(first), () -> { }));
        assertTrue(store.holding.await(10, TimeUnit.SECONDS), "the writer is inside the store");
        List<PeerInfo> queued = TestMechanism.peers(2_000, DiscoveryType.DHT);
        for (PeerInfo p : queued) {
            assertTrue(intake.submit(List.of(p), () -> { }));
        }
        Thread stopper = new Thread(intake::close, "stopper");
        stopper.start();
        CoordinatorTest.await(() -> !intake.submit(List.of(TestPeers.peer(DiscoveryType.DHT)), () -> { }),
                Duration.ofSeconds(5)); // stopping: nothing new is accepted
        store.release();
        stopper.join(20_000);
        assertFalse(stopper.isAlive());
        assertFalse(store.interrupted.get(), "the writer was interrupted inside the store");
        assertTrue(store.get(first.id()).isPresent());
        assertEquals(List.of(), queued.stream().filter(p -> store.get(p.id()).isEmpty()).toList());
    }

    @Test
    void aStopCutShortByItsBoundLeavesTheWriterToFinishUninterrupted() throws Exception {
        intake.close();
        intake = new PeerIntake(TestPeers.randomId(), listeners, Duration.ofMillis(200));
        RecordingStore store = new RecordingStore();
        intake.storeOffered(store, Map.of("service.ranking", 0, "service.id", 1L));
        store.holdNextAdd();
        assertTrue(intake.submit(List.of(TestPeers.peer(DiscoveryType.DHT)), () -> { }));
        assertTrue(store.holding.await(10, TimeUnit.SECONDS));
        TestMechanism.peers(100, DiscoveryType.DHT).forEach(p -> intake.submit(List.of(p), () -> { }));
        long t0 = System.nanoTime();
        intake.close(); // the store does not answer: the drain gives up after its bound, logged
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(took < 5_000, took + " ms");
        store.release();
        CoordinatorTest.await(() -> store.size() == 1, Duration.ofSeconds(5));
        assertFalse(store.interrupted.get());
        assertEquals(1, store.size(), "what was still queued at the bound was dropped, not written later");
    }

    /** Records which threads wrote; can hold one add until released, noting whether it was interrupted. */
    private static final class RecordingStore extends FakeStore {
        final Set<Thread> writers = ConcurrentHashMap.newKeySet();
        final AtomicBoolean interrupted = new AtomicBoolean();
        final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean holdNext;

        RecordingStore() {
            super("recording");
        }

        void holdNextAdd() {
            holdNext = true;
        }

        void release() {
            released.countDown();
        }

        @Override
        public StoreUpdate add(PeerInfo peer) throws DiscoveryException {
            writers.add(Thread.currentThread());
            if (holdNext) {
                holdNext = false;
                holding.countDown();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                interrupted.set(true);
            }
            return super.add(peer);
        }
    }
}
