package org.olocus.discovery.transport.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.HostListener;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;

/** The transport component's life cycle and its HostListener whiteboard, without a framework, on 127.0.0.1. */
class TransportComponentTest {
    private final Ed25519TestPeer alice = new Ed25519TestPeer();
    private final Ed25519TestPeer bob = new Ed25519TestPeer();
    private final TransportTestSupport.Published published = new TransportTestSupport.Published();

    @Test
    void deactivateWithdrawsTheHostAndLeavesNoThread() throws Exception {
        TransportComponent a = TransportTestSupport.start(alice, published);
        TransportComponent b = TransportTestSupport.start(bob, published);
        try {
            a.host().connect(b.host().listenAddresses().get(0).withPeerId(bob.peerId())).get(15, TimeUnit.SECONDS);
            assertTrue(TransportTestSupport.transportThreads().contains(HostEventDispatcher.THREAD));
        } finally {
            a.deactivate();
            b.deactivate();
        }
        assertEquals(published.hosts, published.withdrawn);
        TransportTestSupport.await("no olocus-transport thread", () -> TransportTestSupport.transportThreads()
                .isEmpty());
    }

    @Test
    void aBadConfigurationRefusesToActivateNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransportTestSupport.start(alice, published, "max_inbound", -3));
        assertEquals("max_inbound=-3 must be between 0 and 100000", e.getMessage());
        IllegalArgumentException address = assertThrows(IllegalArgumentException.class,
                () -> TransportTestSupport.start(alice, published, "listen_addresses",
                        new String[] {"/dns4/localhost/tcp/0"}));
        assertTrue(address.getMessage().contains("/dns4/localhost/tcp/0"), address.getMessage());
        assertTrue(published.hosts.isEmpty());
    }

    @Test
    void anAddressThatCannotBeBoundIsNamedAndTheOthersServe() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String taken = "/ip4/127.0.0.1/tcp/" + busy.getLocalPort();
            TransportComponent c = TransportTestSupport.start(alice, published, "listen_addresses",
                    new String[] {taken, TransportTestSupport.LOOPBACK});
            try {
                assertEquals(List.of(Multiaddr.parse(taken)), List.copyOf(c.host().bindFailures().keySet()));
                assertEquals(1, c.host().listenAddresses().size());
                assertEquals(1, published.hosts.size());
            } finally {
                c.deactivate();
            }

            IllegalStateException none = assertThrows(IllegalStateException.class, () -> TransportTestSupport
                    .start(alice, published, "listen_addresses", new String[] {taken}));
            assertTrue(none.getMessage().startsWith("none of listen_addresses [" + taken + "] could be bound"),
                    none.getMessage());
            assertEquals(1, published.hosts.size(), "a host that listens nowhere is never published");
        }
        TransportTestSupport.await("no olocus-transport thread after the failed start",
                () -> TransportTestSupport.transportThreads().isEmpty());
    }

    @Test
    void announceAddressesReplaceTheBoundOnes() throws Exception {
        TransportComponent c = TransportTestSupport.start(alice, published, "announce_addresses",
                new String[] {"/dns4/node.example/tcp/4001"});
        try {
            assertEquals(List.of(Multiaddr.parse("/dns4/node.example/tcp/4001")), c.host().listenAddresses());
        } finally {
            c.deactivate();
        }
    }

    @Test
    void hostListenersHearConnectionsInOrderAndLateOnesAreReplayed() throws Exception {
        TransportComponent a = TransportTestSupport.start(alice, published);
        TransportComponent b = TransportTestSupport.start(bob, published);
        try {
            Events early = new Events();
            a.addHostListener(early);
            PeerConnection ab = a.host().connect(b.host().listenAddresses().get(0).withPeerId(bob.peerId()))
                    .get(15, TimeUnit.SECONDS);
            TransportTestSupport.await("identified", () -> early.seen.size() == 2);
            assertEquals(List.of("connected " + bob.peerId(), "identified " + bob.peerId()), early.seen);
            assertSame(ab, early.connections.get(0), "listeners get the Host's own adapter");
            assertSame(ab, early.connections.get(1));

            Events late = new Events();
            a.addHostListener(late);
            TransportTestSupport.await("replayed", () -> late.seen.size() == 2);
            assertEquals(early.seen, late.seen);
            assertSame(ab, late.connections.get(0));

            a.addHostListener(new HostListener() {
                @Override
                public void connected(PeerConnection connection) {
                    throw new IllegalStateException("listener bug (expected by the test)");
                }
            });
            ab.close();
            TransportTestSupport.await("disconnected", () -> early.seen.size() == 3 && late.seen.size() == 3);
            assertEquals("disconnected " + bob.peerId(), early.seen.get(2));
            assertSame(ab, early.connections.get(2));
            a.removeHostListener(late);
            a.host().connect(b.host().listenAddresses().get(0).withPeerId(bob.peerId())).get(15, TimeUnit.SECONDS);
            TransportTestSupport.await("a second connection", () -> early.seen.size() == 5);
            assertEquals(3, late.seen.size(), "a removed listener hears nothing more");
            assertEquals(2, a.host().events().listenerFailures(), "the thrower was skipped (replay and new connection)");
        } finally {
            a.deactivate();
            b.deactivate();
        }
    }

    @Test
    void listenersHearTheDisconnectionsOfAStoppingHost() throws Exception {
        TransportComponent a = TransportTestSupport.start(alice, published);
        TransportComponent b = TransportTestSupport.start(bob, published);
        Events events = new Events();
        a.addHostListener(events);
        try {
            a.host().connect(b.host().listenAddresses().get(0).withPeerId(bob.peerId())).get(15, TimeUnit.SECONDS);
            TransportTestSupport.await("connected", () -> !events.seen.isEmpty());
        } finally {
            a.deactivate();
            b.deactivate();
        }
        assertEquals("disconnected " + bob.peerId(), events.seen.get(events.seen.size() - 1), events.seen.toString());
    }

    private static final class Events implements HostListener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<PeerConnection> connections = new CopyOnWriteArrayList<>();

        @Override
        public void connected(PeerConnection connection) {
            record("connected", connection);
        }

        @Override
        public void identified(PeerConnection connection, IdentifyInfo info) {
            record("identified", connection);
        }

        @Override
        public void disconnected(PeerConnection connection) {
            record("disconnected", connection);
        }

        private void record(String what, PeerConnection connection) {
            connections.add(connection);
            seen.add(what + " " + connection.remotePeer());
        }
    }
}
