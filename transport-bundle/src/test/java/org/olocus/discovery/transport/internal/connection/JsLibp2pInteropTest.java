package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.JsPeerTestBase;
import org.olocus.discovery.transport.internal.TestStreams;
import org.olocus.discovery.transport.internal.identify.IdentifyMessage;
import org.olocus.discovery.transport.internal.identify.IdentifyProtocol;
import org.olocus.discovery.transport.internal.noise.PeerIdMismatchException;
import org.olocus.discovery.transport.internal.ping.PingProtocol;

/**
 * Our host against a real js-libp2p 3.3 node (npm fixture, 127.0.0.1 only), both ways: handshake, identify (each
 * sees the other's protocols and listen addresses), ping, 20 concurrent streams echoed by js, 100 concurrent
 * streams of 1 MiB each echoed by js and by us (checked byte for byte by the side that sent them), and a wrong
 * expected peer id refused. Each test uses a fresh Java identity so that no connection carries over between tests.
 */
class JsLibp2pInteropTest extends JsPeerTestBase {
    /** Generous: two cores shared with other builds, and 2 × 100 MiB through Noise on each side. */
    private static final Duration ECHO_WAIT = Duration.ofSeconds(120);
    private static final int STREAMS = 100;
    private static final int MIB = 1024 * 1024;

    @BeforeAll
    static void startJsNode() throws Exception {
        startJs(7);
    }

    @Test
    void javaDialsJs() throws Exception {
        int mark = js.mark();
        Libp2pConnection connection = host.dial(jsAddr).get(20, TimeUnit.SECONDS);
        assertEquals(jsId, connection.remotePeer());

        IdentifyMessage aboutJs = connection.remoteIdentify().get(20, TimeUnit.SECONDS);
        assertTrue(aboutJs.protocols().containsAll(List.of(IdentifyProtocol.ID, PingProtocol.ID)),
                aboutJs.protocols().toString());
        assertTrue(aboutJs.listenAddrs().contains(jsAddr.withoutPeerId()), aboutJs.listenAddrs().toString());
        assertEquals(jsId, aboutJs.publicKey().toPeerId());

        assertJsIdentifiedUs(mark);
        for (int i = 0; i < 3; i++) {
            Duration rtt = host.ping(connection).get(10, TimeUnit.SECONDS);
            assertTrue(rtt.toNanos() > 0);
        }
    }

    @Test
    void jsDialsJava() throws Exception {
        int mark = js.mark();
        js.send("DIAL " + ourAddr.withPeerId(us.peerId()));
        js.await(mark, l -> l.equals("DIALED " + us.peerId()), WAIT, "DIALED line");
        assertJsIdentifiedUs(mark);

        Libp2pConnection connection = host.connections().stream().filter(c -> c.remotePeer().equals(jsId))
                .findFirst().orElseThrow(() -> new AssertionError("no connection from the js node"));
        IdentifyMessage aboutJs = connection.remoteIdentify().get(20, TimeUnit.SECONDS);
        assertTrue(aboutJs.protocols().contains(PingProtocol.ID), aboutJs.protocols().toString());
        assertTrue(aboutJs.listenAddrs().contains(jsAddr.withoutPeerId()), aboutJs.listenAddrs().toString());

        int pingMark = js.mark();
        js.send("PING " + ourAddr.withPeerId(us.peerId()));
        String pinged = js.await(pingMark, l -> l.startsWith("PING"), WAIT, "PING answer");
        assertTrue(pinged.startsWith("PINGED "), pinged);
        assertTrue(host.ping(connection).get(10, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void twentyConcurrentStreamsEchoedByJs() throws Exception {
        Libp2pConnection connection = host.dial(jsAddr).get(20, TimeUnit.SECONDS);
        TestStreams.echoConcurrently(connection, 20, 256 * 1024);
        assertTrue(host.ping(connection).get(10, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void javaDialsJsAndJsEchoesHundredStreamsOfOneMebibyte() throws Exception {
        Libp2pConnection connection = host.dial(jsAddr).get(20, TimeUnit.SECONDS);
        Duration took = JsLibp2pPatternEcho.echo(connection, TestStreams.ECHO, STREAMS, MIB, ECHO_WAIT);
        System.err.printf("Java -> js: %d streams x 1 MiB echoed by js in %d ms%n", STREAMS, took.toMillis());
        assertTrue(host.ping(connection).get(10, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void jsDialsJavaAndJavaEchoesHundredStreamsOfOneMebibyte() throws Exception {
        host.handle(TestStreams.ECHO, stream -> new TestStreams.EchoListener());
        int mark = js.mark();
        js.send("ECHO " + ourAddr.withPeerId(us.peerId()) + " " + STREAMS + " " + MIB);
        String answer = js.await(mark, l -> l.startsWith("ECHO"), ECHO_WAIT.plusSeconds(30), "ECHO answer");
        assertEquals("ECHOED " + STREAMS + " " + MIB, answer.substring(0, answer.lastIndexOf(' ')), answer);
        System.err.printf("js -> Java: %d streams x 1 MiB echoed by Java in %s ms%n", STREAMS,
                answer.substring(answer.lastIndexOf(' ') + 1));
        Libp2pConnection connection = host.connections().stream().filter(c -> c.remotePeer().equals(jsId))
                .findFirst().orElseThrow(() -> new AssertionError("no connection from the js node"));
        assertTrue(host.ping(connection).get(10, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void wrongExpectedPeerIsRefusedBothWays() throws Exception {
        PeerId stranger = new Ed25519TestPeer().peerId();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> host.dial(jsAddr.withoutPeerId().withPeerId(stranger)).get(20, TimeUnit.SECONDS));
        assertEquals(jsId, assertInstanceOf(PeerIdMismatchException.class, e.getCause()).actual());

        int mark = js.mark();
        js.send("DIAL " + ourAddr.withPeerId(stranger));
        String answer = js.await(mark, l -> l.startsWith("DIAL"), WAIT, "DIAL answer");
        assertTrue(answer.startsWith("DIAL-FAILED "), answer);

        // Both still serve the right peer.
        assertEquals(jsId, host.dial(jsAddr).get(20, TimeUnit.SECONDS).remotePeer());
    }

    /** js reports our agent, protocols and listen address from identify. */
    private void assertJsIdentifiedUs(int mark) throws InterruptedException {
        String line = js.await(mark, l -> l.startsWith("IDENTIFIED " + us.peerId() + " "), WAIT,
                "identify of our node");
        String[] parts = line.split(" ");
        assertEquals("olocus/0.1.0", parts[2]);
        assertTrue(List.of(parts[3].split(",")).containsAll(List.of(IdentifyProtocol.ID, PingProtocol.ID)), line);
        assertTrue(parts.length > 4 && List.of(parts[4].split(",")).contains(ourAddr.toString()), line);
    }
}
