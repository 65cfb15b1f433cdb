package org.olocus.discovery.transport.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.HostListener;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerStream;
import org.olocus.discovery.api.StreamReceiver;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;

/** The HostListener whiteboard's delivery: one thread, in order, late joiners replayed, throwers skipped, bounded. */
class HostEventDispatcherTest {
    private final HostEventDispatcher events = new HostEventDispatcher(8);

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void eventsArriveInOrderOnTheEventThread() throws Exception {
        Recorder r = new Recorder();
        events.addListener(r);
        FakeConnection c1 = new FakeConnection("c1");
        FakeConnection c2 = new FakeConnection("c2");
        events.connected(c1);
        events.connected(c2);
        events.identified(c1, info());
        events.disconnected(c2);
        events.disconnected(c1);
        TransportTestSupport.await("5 events", () -> r.seen.size() == 5);
        assertEquals(List.of("connected c1", "connected c2", "identified c1", "disconnected c2", "disconnected c1"),
                r.seen);
        assertEquals(List.of(HostEventDispatcher.THREAD), r.threads.stream().distinct().toList());
    }

    @Test
    void aLateListenerFirstHearsTheOpenConnections() throws Exception {
        FakeConnection c1 = new FakeConnection("c1");
        FakeConnection c2 = new FakeConnection("c2");
        FakeConnection c3 = new FakeConnection("c3");
        events.connected(c1);
        events.connected(c2);
        events.connected(c3);
        events.identified(c2, info());
        events.disconnected(c1);
        Recorder late = new Recorder();
        events.addListener(late);
        events.disconnected(c3);
        TransportTestSupport.await("replay and one event", () -> late.seen.size() == 4);
        assertEquals(List.of("connected c2", "identified c2", "connected c3", "disconnected c3"), late.seen);
    }

    @Test
    void aThrowingListenerIsLoggedAndSkipped() throws Exception {
        HostListener thrower = new HostListener() {
            @Override
            public void connected(PeerConnection connection) {
                throw new IllegalStateException("listener bug (expected by the test)");
            }
        };
        Recorder r = new Recorder();
        events.addListener(thrower);
        events.addListener(r);
        events.connected(new FakeConnection("c1"));
        events.connected(new FakeConnection("c2"));
        TransportTestSupport.await("both events", () -> r.seen.size() == 2);
        assertEquals(2, events.listenerFailures());
    }

    @Test
    void aSlowListenerMakesEventsDropInsteadOfQueueingWithoutBound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> blocked = new CompletableFuture<>();
        Recorder r = new Recorder();
        events.addListener(new HostListener() {
            @Override
            public void connected(PeerConnection connection) {
                blocked.complete(null);
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        events.addListener(r);
        events.connected(new FakeConnection("first"));
        blocked.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) { // 8 fit into the queue, 12 are dropped
            events.connected(new FakeConnection("c" + i));
        }
        assertEquals(12, events.dropped());
        assertEquals(8, events.queued());
        release.countDown();
        TransportTestSupport.await("the queued events", () -> r.seen.size() == 9);
    }

    @Test
    void aRemovedListenerHearsNothingMore() throws Exception {
        Recorder gone = new Recorder();
        Recorder stays = new Recorder();
        events.addListener(gone);
        events.addListener(stays);
        events.connected(new FakeConnection("c1"));
        TransportTestSupport.await("first", () -> stays.seen.size() == 1 && gone.seen.size() == 1);
        events.removeListener(gone);
        events.connected(new FakeConnection("c2"));
        TransportTestSupport.await("second", () -> stays.seen.size() == 2);
        assertEquals(List.of("connected c1"), gone.seen);
    }

    @Test
    void closeStopsTheThread() throws Exception {
        events.connected(new FakeConnection("c1"));
        events.close();
        TransportTestSupport.await("no event thread", () -> !TransportTestSupport.transportThreads()
                .contains(HostEventDispatcher.THREAD));
    }

    private static IdentifyInfo info() {
        return new IdentifyInfo(new Ed25519TestPeer().publicKey(), List.of(), List.of("/p"), "ipfs/0.1.0", "a",
                Optional.empty(), false);
    }

    private static final class Recorder implements HostListener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void connected(PeerConnection connection) {
            record("connected " + connection);
        }

        @Override
        public void identified(PeerConnection connection, IdentifyInfo info) {
            record("identified " + connection);
        }

        @Override
        public void disconnected(PeerConnection connection) {
            record("disconnected " + connection);
        }

        private void record(String event) {
            threads.add(Thread.currentThread().getName());
            seen.add(event);
        }
    }

    /** A connection that only has a name (the dispatcher never calls into it). */
    private record FakeConnection(String name) implements PeerConnection {
        @Override
        public PeerId remotePeer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Multiaddr remoteAddress() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ConnectionDirection direction() {
            return ConnectionDirection.INBOUND;
        }

        @Override
        public Instant openedAt() {
            return Instant.EPOCH;
        }

        @Override
        public Optional<IdentifyInfo> identify() {
            return Optional.empty();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public CompletableFuture<PeerStream> newStream(StreamReceiver receiver, String... protocols) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
