package org.olocus.discovery.transport.internal.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerStream;
import org.olocus.discovery.api.StreamHandler;
import org.olocus.discovery.api.StreamReceiver;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;

/**
 * Two transport components on 127.0.0.1 (constructed as DS would, without a framework): the api Host, identify
 * reaching PeerConnection, the StreamHandler whiteboard and the component's life cycle.
 */
class ApiHostTest {
    private static final String ECHO = "/olocus/test/host-echo/1.0.0";

    private final Ed25519TestPeer alice = new Ed25519TestPeer();
    private final Ed25519TestPeer bob = new Ed25519TestPeer();
    private final TransportTestSupport.Published published = new TransportTestSupport.Published();
    private TransportComponent a;
    private TransportComponent b;

    @BeforeEach
    void start() throws Exception {
        a = TransportTestSupport.start(alice, published);
        b = TransportTestSupport.start(bob, published, "agent_version", "bob/1.0");
    }

    @AfterEach
    void stop() {
        a.deactivate();
        b.deactivate();
    }

    private Multiaddr bobAddress() {
        return b.host().listenAddresses().get(0).withPeerId(bob.peerId());
    }

    private PeerConnection aliceToBob() throws Exception {
        return a.host().connect(bobAddress()).get(15, TimeUnit.SECONDS);
    }

    @Test
    void theHostIsPublishedOnlyOnceItListens() {
        assertEquals(List.of(a.host(), b.host()), published.hosts);
        List<Multiaddr> addresses = a.host().listenAddresses();
        assertEquals(1, addresses.size(), addresses.toString());
        assertTrue(addresses.get(0).toString().startsWith("/ip4/127.0.0.1/tcp/"), addresses.toString());
        assertTrue(addresses.get(0).toSocketAddress().orElseThrow().getPort() > 0);
        assertEquals(alice.peerId(), a.host().peerId());
        assertTrue(a.host().protocols().containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0")));
    }

    @Test
    void connectIdentifyAndOneAdapterPerConnection() throws Exception {
        PeerConnection ab = aliceToBob();
        assertEquals(bob.peerId(), ab.remotePeer());
        assertEquals(ConnectionDirection.OUTBOUND, ab.direction());
        assertTrue(ab.isOpen());
        TransportTestSupport.await("identify from bob", () -> ab.identify().isPresent());
        IdentifyInfo info = ab.identify().orElseThrow();
        assertEquals("bob/1.0", info.agentVersion());
        assertEquals(bob.publicKey(), info.publicKey());
        assertTrue(info.protocols().contains("/ipfs/ping/1.0.0"), info.protocols().toString());
        assertTrue(info.signedAddresses(), "bob's signed peer record verified");
        assertEquals(b.host().listenAddresses(), info.listenAddresses());
        assertTrue(info.observedAddress().isPresent());

        assertSame(ab, a.host().connection(bob.peerId()).orElseThrow(), "one adapter per connection");
        assertSame(ab, a.host().connections().get(0));
        assertSame(ab, a.host().connect(bobAddress()).get(15, TimeUnit.SECONDS), "an open connection is reused");
        TransportTestSupport.await("bob sees alice", () -> b.host().connection(alice.peerId()).isPresent());
        assertEquals(ConnectionDirection.INBOUND, b.host().connection(alice.peerId()).get().direction());

        Duration rtt = a.host().ping(bob.peerId()).get(15, TimeUnit.SECONDS);
        assertTrue(rtt.toNanos() > 0);
        a.host().disconnect(bob.peerId()).get(15, TimeUnit.SECONDS);
        assertFalse(ab.isOpen());
        TransportTestSupport.await("both forget the connection",
                () -> a.host().connections().isEmpty() && b.host().connections().isEmpty());
    }

    @Test
    void aStreamHandlerServesStreamsAndItsDepartureResetsThem() throws Exception {
        EchoHandler echo = new EchoHandler();
        b.addStreamHandler(echo, Map.of(StreamHandler.PROTOCOL, ECHO, "service.id", 10L));
        assertTrue(b.host().protocols().contains(ECHO));
        aliceToBob();

        Collector collector = new Collector();
        PeerStream stream = a.host().newStream(bob.peerId(), collector, ECHO).get(15, TimeUnit.SECONDS);
        assertEquals(ECHO, stream.protocol());
        assertSame(a.host().connection(bob.peerId()).orElseThrow(), stream.connection());
        stream.write("hello".getBytes()).get(15, TimeUnit.SECONDS);
        TransportTestSupport.await("the echo", () -> collector.text().equals("hello"));
        assertEquals(1, echo.accepted.size());
        assertEquals(ECHO, echo.accepted.get(0).protocol());
        assertEquals(alice.peerId(), echo.accepted.get(0).connection().remotePeer());
        assertEquals(1, b.handlers().openStreams(echo));

        b.removeStreamHandler(echo);
        assertFalse(b.host().protocols().contains(ECHO));
        Throwable cause = collector.reset.get(15, TimeUnit.SECONDS);
        assertNotNull(cause);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> a.host().newStream(bob.peerId(), new Collector(), ECHO).get(15, TimeUnit.SECONDS));
        DiscoveryException e = assertInstanceOf(DiscoveryException.class, refused.getCause());
        assertEquals(DiscoveryException.Kind.NETWORK, e.kind());
        assertTrue(e.getMessage().contains("speaks none of [" + ECHO + "]"), e.getMessage());
        assertTrue(a.host().connection(bob.peerId()).orElseThrow().isOpen(), "the connection lives on");
    }

    @Test
    void aStreamFinishedBothWaysIsForgotten() throws Exception {
        EchoHandler echo = new EchoHandler();
        b.addStreamHandler(echo, Map.of(StreamHandler.PROTOCOL, new String[] {ECHO}));
        aliceToBob();
        Collector collector = new Collector();
        PeerStream stream = a.host().newStream(bob.peerId(), collector, ECHO).get(15, TimeUnit.SECONDS);
        stream.write(new byte[] {1, 2, 3});
        stream.closeWrite();
        collector.remoteClosed.get(15, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {1, 2, 3}, collector.bytes.toByteArray());
        TransportTestSupport.await("bob's handler forgets the stream", () -> b.handlers().openStreams(echo) == 0);
    }

    @Test
    void protocolsAreProposedInOrderUntilOneIsSpoken() throws Exception {
        b.addStreamHandler(new EchoHandler(), Map.of(StreamHandler.PROTOCOL, ECHO));
        aliceToBob();
        PeerStream stream = a.host().newStream(bob.peerId(), new Collector(), "/olocus/test/unknown/9", ECHO)
                .get(15, TimeUnit.SECONDS);
        assertEquals(ECHO, stream.protocol());
    }

    @Test
    void theHigherRankedHandlerServesAndTheOtherTakesOver() throws Exception {
        EchoHandler low = new EchoHandler();
        EchoHandler high = new EchoHandler();
        b.addStreamHandler(low, Map.of(StreamHandler.PROTOCOL, ECHO, "service.id", 1L));
        b.addStreamHandler(high, Map.of(StreamHandler.PROTOCOL, ECHO, "service.id", 2L, "service.ranking", 5));
        assertSame(high, b.handlers().servingHandler(ECHO));
        aliceToBob();
        a.host().newStream(bob.peerId(), new Collector(), ECHO).get(15, TimeUnit.SECONDS);
        TransportTestSupport.await("high accepted", () -> high.accepted.size() == 1);
        assertEquals(0, low.accepted.size());

        b.removeStreamHandler(high);
        assertSame(low, b.handlers().servingHandler(ECHO));
        assertTrue(b.host().protocols().contains(ECHO));
        a.host().newStream(bob.peerId(), new Collector(), ECHO).get(15, TimeUnit.SECONDS);
        TransportTestSupport.await("low accepted", () -> low.accepted.size() == 1);

        b.updatedStreamHandler(low, Map.of(StreamHandler.PROTOCOL, "/olocus/test/other/1", "service.id", 1L));
        assertFalse(b.host().protocols().contains(ECHO), "an updated id list is followed");
        assertTrue(b.host().protocols().contains("/olocus/test/other/1"));
    }

    @Test
    void badProtocolIdsAreSkipped() {
        EchoHandler h = new EchoHandler();
        b.addStreamHandler(h, Map.of(StreamHandler.PROTOCOL,
                new String[] {"no-slash", "/with space", "/ipfs/ping/1.0.0", "/olocus/test/fine/1"}));
        assertTrue(b.host().protocols().contains("/olocus/test/fine/1"));
        assertFalse(b.host().protocols().contains("no-slash"));
        assertFalse(b.host().protocols().contains("/with space"));
        assertSame(null, b.handlers().servingHandler("/ipfs/ping/1.0.0"), "ping stays the host's own");
        b.addStreamHandler(new EchoHandler(), Map.of(StreamHandler.PROTOCOL, 42));
    }

    @Test
    void aThrowingHandlerResetsThatStreamOnly() throws Exception {
        b.addStreamHandler(stream -> {
            throw new IllegalStateException("handler bug (expected by the test)");
        }, Map.of(StreamHandler.PROTOCOL, ECHO));
        PeerConnection ab = aliceToBob();
        Collector collector = new Collector();
        CompletableFuture<PeerStream> opened = a.host().newStream(bob.peerId(), collector, ECHO);
        // the remote agreed, then reset the stream; whether the open future saw the reset first depends on timing
        try {
            opened.get(15, TimeUnit.SECONDS);
            collector.reset.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
            assertInstanceOf(DiscoveryException.class, expected.getCause());
        }
        assertTrue(ab.isOpen());
        assertTrue(a.host().ping(bob.peerId()).get(15, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void connectToAPeerTriesItsAddressesInOrder() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        Multiaddr dead = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + closedPort);
        Multiaddr good = b.host().listenAddresses().get(0);
        PeerConnection c = a.host().connect(bob.peerId(), List.of(dead, good)).get(30, TimeUnit.SECONDS);
        assertEquals(bob.peerId(), c.remotePeer());

        ExecutionException none = assertThrows(ExecutionException.class, () -> a.host()
                .connect(alice.peerId(), List.of(dead)).get(30, TimeUnit.SECONDS));
        DiscoveryException e = assertInstanceOf(DiscoveryException.class, none.getCause());
        assertEquals(DiscoveryException.Kind.NETWORK, e.kind());
        assertTrue(e.getMessage().contains("cannot connect to " + alice.peerId()), e.getMessage());
        assertTrue(e.getMessage().contains(dead.toString()), e.getMessage());
    }

    @Test
    void failuresAreDiscoveryExceptions() throws Exception {
        ExecutionException notConnected = assertThrows(ExecutionException.class,
                () -> a.host().newStream(bob.peerId(), new Collector(), ECHO).get(5, TimeUnit.SECONDS));
        assertEquals("NETWORK: not connected to " + bob.peerId(), notConnected.getCause().getMessage());
        ExecutionException ping = assertThrows(ExecutionException.class,
                () -> a.host().ping(bob.peerId()).get(5, TimeUnit.SECONDS));
        assertInstanceOf(DiscoveryException.class, ping.getCause());
        ExecutionException wrongPeer = assertThrows(ExecutionException.class, () -> a.host()
                .connect(b.host().listenAddresses().get(0).withPeerId(alice.peerId())).get(15, TimeUnit.SECONDS));
        DiscoveryException e = assertInstanceOf(DiscoveryException.class, wrongPeer.getCause());
        assertEquals(DiscoveryException.Kind.NETWORK, e.kind());
        assertTrue(e.getMessage().contains("connect to "), e.getMessage());
        assertTrue(a.host().disconnect(bob.peerId()).isDone(), "nothing to close");
    }

    /** Echoes and half-closes back; records what it accepted. */
    static final class EchoHandler implements StreamHandler {
        final List<PeerStream> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public StreamReceiver accept(PeerStream stream) {
            accepted.add(stream);
            return new StreamReceiver() {
                @Override
                public void onData(PeerStream s, byte[] data) {
                    s.write(data);
                }

                @Override
                public void onRemoteClose(PeerStream s) {
                    s.closeWrite();
                }
            };
        }
    }

    /** Collects a stream's bytes and how it ended. */
    static final class Collector implements StreamReceiver {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<Void> remoteClosed = new CompletableFuture<>();
        final CompletableFuture<Throwable> reset = new CompletableFuture<>();

        @Override
        public synchronized void onData(PeerStream stream, byte[] data) {
            bytes.writeBytes(data);
        }

        @Override
        public void onRemoteClose(PeerStream stream) {
            remoteClosed.complete(null);
        }

        @Override
        public void onReset(PeerStream stream, Throwable cause) {
            reset.complete(cause);
        }

        synchronized String text() {
            return bytes.toString();
        }
    }
}
