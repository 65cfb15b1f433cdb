package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;

/**
 * Random and truncated bytes at each stage of the upgrade close that connection only: the host counts the
 * failure and keeps serving a well-behaved peer on another connection. Random bytes where a Noise frame is due
 * may read as a long frame still arriving; the handshake timeout (1 s here) closes those.
 */
class HostileConnectionTest {
    private final Random random = new Random(5);
    private Ed25519TestPeer bob;
    private Libp2pHost host;
    private Libp2pHost client;
    private Libp2pConnection goodConnection;
    private int port;

    @BeforeEach
    void start() throws Exception {
        bob = new Ed25519TestPeer();
        host = new Libp2pHost(bob, HostConfig.defaults().withHandshakeTimeout(Duration.ofSeconds(1)));
        Multiaddr addr = host.listen(new InetSocketAddress("127.0.0.1", 0));
        port = addr.toSocketAddress().orElseThrow().getPort();
        client = new Libp2pHost(new Ed25519TestPeer(), HostConfig.defaults());
        goodConnection = client.dial(addr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        client.close();
        host.close();
    }

    @Test
    void garbageInsteadOfTheNoiseHandshake() throws Exception {
        try (RawDialer raw = new RawDialer(port)) {
            raw.negotiateSecurity();
            raw.send(garbage(4096));
            assertTrue(raw.closedByHost());
        }
        assertStillServing(1);
    }

    @Test
    void garbageInsteadOfNoiseTransportFrames() throws Exception {
        try (RawDialer raw = new RawDialer(port)) {
            raw.negotiateSecurity();
            raw.handshake(new Ed25519TestPeer(), bob.peerId());
            raw.send(garbage(4096));
            assertTrue(raw.closedByHost());
        }
        assertStillServing(1);
    }

    @Test
    void encryptedGarbageInsteadOfMultistream() throws Exception {
        try (RawDialer raw = new RawDialer(port)) {
            raw.negotiateSecurity();
            raw.handshake(new Ed25519TestPeer(), bob.peerId());
            raw.sendEncrypted(garbage(1000));
            assertTrue(raw.closedByHost());
        }
        assertStillServing(1);
    }

    @Test
    void encryptedGarbageInsteadOfYamux() throws Exception {
        try (RawDialer raw = new RawDialer(port)) {
            raw.negotiateSecurity();
            raw.handshake(new Ed25519TestPeer(), bob.peerId());
            raw.negotiateMuxer();
            byte[] junk = garbage(4096);
            junk[0] = 7; // an unknown yamux version, so the first header is certainly invalid
            raw.sendEncrypted(junk);
            assertTrue(raw.closedByHost());
        }
        assertStillServing(1);
    }

    @Test
    void truncatedHandshakeThenHangUp() throws Exception {
        try (RawDialer raw = new RawDialer(port)) {
            raw.negotiateSecurity();
            raw.send(new byte[] {0, 32, 1, 2, 3}); // a Noise frame announced as 32 bytes, cut short
        }
        assertStillServing(1);
    }

    private byte[] garbage(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * The well-behaved connection still works, the host counted at least {@code failures} failures, and the hostile
     * connection is gone from its list (removed when its channel's close completes, so waited for).
     */
    private void assertStillServing(long failures) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((host.failures() < failures || host.connections().size() != 1) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(host.failures() >= failures, "failures counted: " + host.failures());
        assertTrue(client.ping(goodConnection).get(5, TimeUnit.SECONDS).toNanos() > 0);
        assertEquals(1, host.connections().size());
    }
}
