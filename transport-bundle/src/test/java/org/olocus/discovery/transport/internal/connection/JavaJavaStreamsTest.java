package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.TestStreams;

/**
 * Two Java hosts on 127.0.0.1, 100 concurrent streams of 1 MiB each echoed over one connection, both ways: the
 * dialer opens the streams, then the listener opens them over the connection it accepted. Every echoed byte is
 * checked against the pattern the sender wrote ({@link JsLibp2pPatternEcho}). The handshake, identify, ping and
 * wrong-peer cases between two Java hosts are in {@code Libp2pHostTest}.
 */
class JavaJavaStreamsTest {
    /** Generous: two cores shared with other builds, and each side seals and opens 2 × 100 MiB. */
    private static final Duration ECHO_WAIT = Duration.ofSeconds(120);
    private static final int STREAMS = 100;
    private static final int MIB = 1024 * 1024;

    private Libp2pHost dialer;
    private Libp2pHost listener;
    private Ed25519TestPeer listenerPeer;
    private Multiaddr listenerAddr;

    @BeforeEach
    void start() throws Exception {
        listenerPeer = new Ed25519TestPeer();
        dialer = new Libp2pHost(new Ed25519TestPeer(), HostConfig.defaults());
        listener = new Libp2pHost(listenerPeer, HostConfig.defaults());
        dialer.listen(new InetSocketAddress("127.0.0.1", 0));
        listenerAddr = listener.listen(new InetSocketAddress("127.0.0.1", 0));
        dialer.handle(TestStreams.ECHO, stream -> new TestStreams.EchoListener());
        listener.handle(TestStreams.ECHO, stream -> new TestStreams.EchoListener());
    }

    @AfterEach
    void stop() {
        dialer.close();
        listener.close();
    }

    @Test
    void hundredStreamsOfOneMebibyteEchoedBothWays() throws Exception {
        Libp2pConnection out = dialer.dial(listenerAddr.withPeerId(listenerPeer.peerId())).get(20, TimeUnit.SECONDS);
        Duration dialerOpened = JsLibp2pPatternEcho.echo(out, TestStreams.ECHO, STREAMS, MIB, ECHO_WAIT);
        System.err.printf("Java -> Java (dialer's streams): %d streams x 1 MiB echoed in %d ms%n", STREAMS,
                dialerOpened.toMillis());

        Libp2pConnection in = listener.connections().stream()
                .filter(c -> c.remotePeer().equals(dialer.peerId())).findFirst()
                .orElseThrow(() -> new AssertionError("the listener has no connection from the dialer"));
        assertFalse(in.isDialer());
        Duration listenerOpened = JsLibp2pPatternEcho.echo(in, TestStreams.ECHO, STREAMS, MIB, ECHO_WAIT);
        System.err.printf("Java -> Java (listener's streams): %d streams x 1 MiB echoed in %d ms%n", STREAMS,
                listenerOpened.toMillis());

        // The connection is still good for more after 400 MiB crossed it.
        assertTrue(dialer.ping(out).get(10, TimeUnit.SECONDS).toNanos() > 0);
        assertTrue(listener.ping(in).get(10, TimeUnit.SECONDS).toNanos() > 0);
        assertEquals(1, dialer.connections().size());
    }
}
