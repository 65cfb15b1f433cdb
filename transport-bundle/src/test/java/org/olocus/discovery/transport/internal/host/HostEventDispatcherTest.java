package org.olocus.discovery.transport.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * The HostListener whiteboard's delivery: one thread, in order, late joiners replayed, throwers skipped; behind a
 * slow listener events coalesce per connection (bounded), never dropped.
 */
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
    void behindASlowListenerEventsCoalescePerConnectionInsteadOfBeingDropped() throws Exception {
        Blocker blocker = new Blocker();
        Recorder r = new Recorder();
        events.addListener(blocker);
        events.addListener(r);
        events.connected(new FakeConnection("first"));
        assertTrue(blocker.entered.await(10, TimeUnit.SECONDS));
        Map<String, String> expected = new LinkedHashMap<>(Map.of("first", "connected"));
        // 8 events fit into the queue; every later one is kept as the latest state of its connection
        for (int i = 0; i < 500; i++) {
            FakeConnection c = new FakeConnection("c" + i);
            events.connected(c);
            events.identified(c, info());
            if (i % 5 == 0) {
                expected.put(c.name(), "identified");
            } else {
                events.disconnected(c);
                expected.put(c.name(), "disconnected");
            }
        }
        assertEquals(8, events.queued());
        assertEquals(1_400 - 8, events.coalesced());
        blocker.release.countDown();
        TransportTestSupport.await("every connection's final state", () -> r.finalState().equals(expected));
        assertEquals(0, events.queued());

        // afterwards events queue again, after what was coalesced
        events.connected(new FakeConnection("later"));
        expected.put("later", "connected");
        TransportTestSupport.await("the later event", () -> r.finalState().equals(expected));
    }

    @Test
    void shortConnectionsFromOnePeerCoalesceIntoItsLatestOne() throws Exception {
        Blocker blocker = new Blocker();
        Recorder r = new Recorder();
        events.addListener(blocker);
        events.addListener(r);
        events.connected(new FakeConnection("first"));
        assertTrue(blocker.entered.await(10, TimeUnit.SECONDS));
        PeerId flooder = FakeConnection.idOf("flooder");
        for (int i = 0; i < 10_000; i++) {
            FakeConnection c = new FakeConnection("f" + i, flooder);
            events.connected(c);
            events.disconnected(c);
        }
        events.connected(new FakeConnection("stays", flooder));
        blocker.release.countDown();
        TransportTestSupport.await("the flooder's latest connections", () -> r.seen.contains("connected stays"));
        // the 8 queued events (f0 … f3), then the latest short connection and the open one: what is kept and
        // delivered is bounded by peers and open connections, not by the 20,001 events
        assertEquals(List.of("connected first", "connected f0", "disconnected f0", "connected f1", "disconnected f1",
                "connected f2", "disconnected f2", "connected f3", "disconnected f3", "connected f9999",
                "disconnected f9999", "connected stays"), r.seen);
        assertEquals(20_001 - 8, events.coalesced());
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

    /** Its first {@code connected} call blocks until released: the event thread falls behind. */
    private static final class Blocker implements HostListener {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void connected(PeerConnection connection) {
            if (entered.getCount() == 1) {
                entered.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
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

        /** Each connection's last event: {@code connected}, {@code identified} or {@code disconnected}. */
        Map<String, String> finalState() {
            Map<String, String> last = new LinkedHashMap<>();
            for (String event : seen) {
                String[] parts = event.split(" ");
                last.put(parts[1], parts[0]);
            }
            return last;
        }
    }

    /** A connection that has only a name and a peer id (the dispatcher asks for nothing else). */
    private record FakeConnection(String name, PeerId peer) implements PeerConnection {
        FakeConnection(String name) {
            this(name, idOf(name));
        }

        /** A sha2-256 multihash id made from {@code name}. */
        static PeerId idOf(String name) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
                byte[] multihash = new byte[34];
                multihash[0] = 0x12;
                multihash[1] = 0x20;
                System.arraycopy(digest, 0, multihash, 2, 32);
                return PeerId.fromBytes(multihash);
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public PeerId remotePeer() {
            return peer;
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
