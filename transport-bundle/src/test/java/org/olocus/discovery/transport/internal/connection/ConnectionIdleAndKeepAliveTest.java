package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.TestStreams;
import org.olocus.discovery.transport.internal.yamux.YamuxFrame;

/**
 * Idle timeout and Yamux keep-alive: a connection without streams is closed after the idle timeout (also one whose
 * remote stalls right after the upgrade), a remote that stops answering pings is closed by the keep-alive, and a
 * live peer with a silent open stream is kept.
 */
class ConnectionIdleAndKeepAliveTest {
    private final List<Libp2pHost> hosts = new ArrayList<>();

    @AfterEach
    void closeHosts() {
        hosts.forEach(Libp2pHost::close);
    }

    private Libp2pHost host(Duration handshake, Duration idle, Duration keepAlive) {
        HostConfig config = HostConfig.defaults().withHandshakeTimeout(handshake)
                .withLimits(ConnectionLimits.defaults().withTimers(idle, keepAlive));
        Libp2pHost host = new Libp2pHost(new Ed25519TestPeer(), config);
        hosts.add(host);
        return host;
    }

    private static Multiaddr listen(Libp2pHost host) throws InterruptedException {
        return host.listen(new InetSocketAddress("127.0.0.1", 0));
    }

    @Test
    void aConnectionWithoutStreamsIsClosedAfterTheIdleTimeout() throws Exception {
        Libp2pHost a = host(Duration.ofSeconds(10), Duration.ofMillis(600), Duration.ofSeconds(30));
        Libp2pHost b = host(Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofSeconds(30));
        Multiaddr bAddr = listen(b).withPeerId(b.peerId());
        Libp2pConnection ab = a.dial(bAddr).get(10, TimeUnit.SECONDS);
        ab.remoteIdentify().get(10, TimeUnit.SECONDS);
        ab.closedFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1L, a.counters().get("idle_timeout"));
        ConnectionManagerTest.await(() -> b.connections().isEmpty());
        assertEquals(0L, b.counters().get("idle_timeout"), "b's own timeout is longer");
    }

    @Test
    void aRemoteThatStallsAfterTheUpgradeIsClosedByTheIdleTimeout() throws Exception {
        Ed25519TestPeer bob = new Ed25519TestPeer();
        Libp2pHost host = new Libp2pHost(bob, HostConfig.defaults().withHandshakeTimeout(Duration.ofSeconds(1))
                .withLimits(ConnectionLimits.defaults().withTimers(Duration.ofMillis(500), Duration.ofSeconds(30))));
        hosts.add(host);
        int port = listen(host).toSocketAddress().orElseThrow().getPort();
        try (RawDialer raw = new RawDialer(port)) {
            raw.negotiateSecurity();
            raw.handshake(new Ed25519TestPeer(), bob.peerId());
            raw.negotiateMuxer();
            // The start of a Noise frame that never completes; the host's identify stream gets no answer.
            raw.send(new byte[] {0x03, (byte) 0xE8, 1, 2, 3});
            long start = System.nanoTime();
            assertTrue(raw.closedByHost(), "closed by the host");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 10_000, millis + " ms");
        }
        ConnectionManagerTest.await(() -> host.counters().get("idle_timeout") == 1L);
        assertTrue(host.connections().isEmpty());
    }

    @Test
    void aRemoteThatNeverAnswersPingsIsClosedByTheKeepAlive() throws Exception {
        Ed25519TestPeer bob = new Ed25519TestPeer();
        Libp2pHost host = new Libp2pHost(bob, HostConfig.defaults().withLimits(
                ConnectionLimits.defaults().withTimers(Duration.ofMinutes(2), Duration.ofMillis(300))));
        hosts.add(host);
        int port = listen(host).toSocketAddress().orElseThrow().getPort();
        try (RawDialer raw = new RawDialer(port)) {
            raw.negotiateSecurity();
            raw.handshake(new Ed25519TestPeer(), bob.peerId());
            raw.negotiateMuxer();
            // Open a stream (so the connection is not idle), then never read or answer anything again.
            raw.sendEncrypted(YamuxFrame.control(YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.SYN, 1, 0).encode());
            ConnectionManagerTest.await(() -> host.connections().size() == 1
                    && host.connections().get(0).openStreams() > 0);
            assertTrue(raw.closedByHost(), "closed by the host");
        }
        ConnectionManagerTest.await(() -> host.counters().get("keep_alive") == 1L);
        assertEquals(0L, host.counters().get("idle_timeout"));
    }

    @Test
    void aLivePeerWithASilentStreamIsKept() throws Exception {
        Duration keepAlive = Duration.ofMillis(500);
        Libp2pHost a = host(Duration.ofSeconds(10), Duration.ofMinutes(2), keepAlive);
        Libp2pHost b = host(Duration.ofSeconds(10), Duration.ofMinutes(2), keepAlive);
        b.handle(TestStreams.ECHO, s -> new TestStreams.EchoListener());
        Libp2pConnection ab = a.dial(listen(b).withPeerId(b.peerId())).get(10, TimeUnit.SECONDS);
        TestStreams.Collector echo = new TestStreams.Collector();
        Libp2pStream stream = ab.newStream(TestStreams.ECHO, s -> echo).get(10, TimeUnit.SECONDS);
        Thread.sleep(keepAlive.toMillis() * 6); // several pings each way, nothing else on the wire
        assertTrue(ab.isOpen());
        assertEquals(0L, a.counters().get("keep_alive"));
        assertEquals(0L, b.counters().get("keep_alive"));
        byte[] hello = "still here".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        stream.write(hello).get(5, TimeUnit.SECONDS);
        stream.closeWrite();
        assertArrayEquals(hello, echo.done.get(5, TimeUnit.SECONDS));
    }
}
