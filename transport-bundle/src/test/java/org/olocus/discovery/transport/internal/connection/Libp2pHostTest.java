package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.TestStreams;
import org.olocus.discovery.transport.internal.identify.IdentifyMessage;
import org.olocus.discovery.transport.internal.identify.IdentifyProtocol;
import org.olocus.discovery.transport.internal.noise.PeerIdMismatchException;
import org.olocus.discovery.transport.internal.ping.PingProtocol;

/** Two Java hosts over 127.0.0.1: the full libp2p upgrade, identify, ping, streams and hostile connections. */
class Libp2pHostTest {
    private static final String ECHO = TestStreams.ECHO;
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private Ed25519TestPeer alice;
    private Ed25519TestPeer bob;
    private Libp2pHost a;
    private Libp2pHost b;
    private Multiaddr aAddr;
    private Multiaddr bAddr;

    @BeforeEach
    void start() throws Exception {
        alice = new Ed25519TestPeer();
        bob = new Ed25519TestPeer();
        a = new Libp2pHost(alice, HostConfig.defaults());
        b = new Libp2pHost(bob, HostConfig.defaults().withHandshakeTimeout(Duration.ofMillis(500)));
        aAddr = a.listen(LOOPBACK);
        bAddr = b.listen(LOOPBACK);
        b.handle(ECHO, stream -> new TestStreams.EchoListener());
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void handshakeBothWays() throws Exception {
        Libp2pConnection ab = a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        assertEquals(bob.peerId(), ab.remotePeer());
        assertTrue(ab.isDialer());
        // Bob is already connected to Alice: his dial reuses that connection instead of making a second one.
        Libp2pConnection ba = b.dial(aAddr.withPeerId(alice.peerId())).get(10, TimeUnit.SECONDS);
        assertEquals(alice.peerId(), ba.remotePeer());
        assertFalse(ba.isDialer());
        assertEquals(ab.localAddress(), ba.remoteAddress());
        await(() -> a.connections().size() == 1 && b.connections().size() == 1);
        // To a peer he is not connected to, Bob's dial makes a connection of his own.
        try (Libp2pHost c = new Libp2pHost(new Ed25519TestPeer(), HostConfig.defaults())) {
            c.listen(LOOPBACK);
            Libp2pConnection bc = b.dial(c.listenAddresses().get(0).withPeerId(c.peerId())).get(10, TimeUnit.SECONDS);
            assertTrue(bc.isDialer());
            assertEquals(c.peerId(), bc.remotePeer());
        }
    }

    @Test
    void identifyBothWays() throws Exception {
        Libp2pConnection ab = a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        IdentifyMessage aboutBob = ab.remoteIdentify().get(10, TimeUnit.SECONDS);
        assertEquals("olocus/0.1.0", aboutBob.agentVersion());
        assertEquals(bob.publicKey(), aboutBob.publicKey());
        assertEquals(List.of(bAddr), aboutBob.listenAddrs());
        assertTrue(aboutBob.protocols().containsAll(List.of(PingProtocol.ID, IdentifyProtocol.ID, ECHO)),
                aboutBob.protocols().toString());
        assertTrue(aboutBob.observedAddr().toString().startsWith("/ip4/127.0.0.1/tcp/"), aboutBob.toString());

        await(() -> b.connections().size() == 1);
        IdentifyMessage aboutAlice = b.connections().get(0).remoteIdentify().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(aAddr), aboutAlice.listenAddrs());
        assertTrue(aboutAlice.protocols().containsAll(List.of(PingProtocol.ID, IdentifyProtocol.ID)));
        assertFalse(aboutAlice.protocols().contains(ECHO));
    }

    @Test
    void pingMeasuresRoundTrips() throws Exception {
        Libp2pConnection ab = a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            Duration rtt = a.ping(ab).get(5, TimeUnit.SECONDS);
            assertTrue(!rtt.isNegative() && rtt.compareTo(Duration.ofSeconds(5)) < 0, rtt.toString());
        }
        await(() -> b.connections().size() == 1);
        assertTrue(b.ping(b.connections().get(0)).get(5, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void wrongExpectedPeerIsRefused() throws Exception {
        Ed25519TestPeer someoneElse = new Ed25519TestPeer();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> a.dial(bAddr.withPeerId(someoneElse.peerId())).get(10, TimeUnit.SECONDS));
        PeerIdMismatchException mismatch = assertInstanceOf(PeerIdMismatchException.class, e.getCause());
        assertEquals(bob.peerId(), mismatch.actual());
        await(() -> a.connections().isEmpty() && b.connections().isEmpty());
        // Both hosts keep serving.
        assertEquals(bob.peerId(), a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS).remotePeer());
    }

    @Test
    void unknownProtocolIsRefusedAndTheConnectionLivesOn() throws Exception {
        Libp2pConnection ab = a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> ab.newStream("/olocus/unknown/1.0.0", s -> new TestStreams.EchoListener()).get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("does not speak"), e.getCause().toString());
        assertTrue(a.ping(ab).get(5, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void twentyConcurrentStreamsEchoQuarterMebibyteEach() throws Exception {
        Libp2pConnection ab = a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        TestStreams.echoConcurrently(ab, 20, 256 * 1024);
        assertTrue(a.ping(ab).get(5, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void garbageClosesThatConnectionOnly() throws Exception {
        Libp2pConnection ab = a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        long failuresBefore = b.failures();
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        try (Socket socket = new Socket("127.0.0.1", bAddr.toSocketAddress().orElseThrow().getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(garbage);
            assertEquals(-1, drainUntilClosed(socket.getInputStream()), "the host closes a garbage connection");
        }
        await(() -> b.failures() > failuresBefore);
        assertTrue(a.ping(ab).get(5, TimeUnit.SECONDS).toNanos() > 0, "the other connection still works");
        assertEquals(bob.peerId(), a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS).remotePeer());
    }

    @Test
    void silentConnectionIsClosedAtTheHandshakeTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", bAddr.toSocketAddress().orElseThrow().getPort())) {
            socket.setSoTimeout(5000);
            long start = System.nanoTime();
            assertEquals(-1, drainUntilClosed(socket.getInputStream()));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 400 && millis < 4000, millis + " ms");
        }
    }

    @Test
    void closeReleasesEveryThread() throws Exception {
        a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        a.close();
        b.close();
        await(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("olocus-transport-io") && t.isAlive()));
        assertThrows(IllegalStateException.class, () -> a.listen(LOOPBACK));
    }

    private static int drainUntilClosed(InputStream in) throws Exception {
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
            // whatever the host answered before closing
        }
        return n;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.sleep(20);
        }
    }
}
