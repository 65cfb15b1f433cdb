package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.TestStreams;

/**
 * The connection manager between Java hosts on 127.0.0.1: in/out and per-peer limits, dial joining and reuse,
 * dials without {@code /p2p}, water-mark pruning. Dial backoff, simultaneous dials, idle and keep-alive have their
 * own classes.
 */
class ConnectionManagerTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private final List<Libp2pHost> hosts = new ArrayList<>();

    @AfterEach
    void closeHosts() {
        hosts.forEach(Libp2pHost::close);
    }

    private Libp2pHost host(UnaryOperator<ConnectionLimits> limits) {
        Libp2pHost host = new Libp2pHost(new Ed25519TestPeer(),
                HostConfig.defaults().withLimits(limits.apply(ConnectionLimits.defaults())));
        hosts.add(host);
        return host;
    }

    private static Multiaddr listen(Libp2pHost host) throws InterruptedException {
        return host.listen(LOOPBACK).withPeerId(host.peerId());
    }

    @Test
    void inboundBeyondTheLimitIsClosedAtTheAccept() throws Exception {
        Libp2pHost server = host(l -> l.withInOut(1, 50));
        Multiaddr addr = listen(server);
        Libp2pConnection first = host(l -> l).dial(addr).get(10, TimeUnit.SECONDS);
        Libp2pHost second = host(l -> l.withBackoff(Duration.ofMillis(50), Duration.ofMillis(100)));
        ExecutionException e = assertThrows(ExecutionException.class, () -> second.dial(addr).get(10, TimeUnit.SECONDS));
        // Closed at once: the dialer sees the close (or a reset) before any Noise byte.
        String why = e.getCause().toString();
        assertTrue(why.contains("closed the connection during the upgrade (stage SECURITY)")
                || why.contains("Connection reset"), why);
        assertEquals(1L, server.counters().get("inbound_limit"));
        assertEquals(0L, server.counters().get("protocol_violation"), "refused before any handshake started");
        assertTrue(server.ping(server.connections().get(0)).get(5, TimeUnit.SECONDS).toNanos() > 0);
        first.close();
        await(() -> server.connections().isEmpty());
        Thread.sleep(150); // the failed dial's backoff
        assertTrue(second.dial(addr).get(10, TimeUnit.SECONDS).isOpen(), "room again once the first left");
    }

    @Test
    void dialBeyondTheOutboundLimitFailsAtOnce() throws Exception {
        Libp2pHost client = host(l -> l.withInOut(50, 1));
        Multiaddr b = listen(host(l -> l));
        Multiaddr c = listen(host(l -> l));
        client.dial(b).get(10, TimeUnit.SECONDS);
        CompletableFuture<Libp2pConnection> refused = client.dial(c);
        assertTrue(refused.isCompletedExceptionally(), "fails at once");
        ExecutionException e = assertThrows(ExecutionException.class, refused::get);
        assertInstanceOf(DialRefusedException.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("outbound connection limit of 1 reached"), e.getMessage());
        assertEquals(1L, client.counters().get("outbound_limit"));
        assertTrue(client.dial(b).get(10, TimeUnit.SECONDS).isOpen(), "the open connection is still reused");
    }

    @Test
    void dialsToOnePeerJoinAndReuse() throws Exception {
        Libp2pHost server = host(l -> l);
        Multiaddr addr = listen(server);
        Libp2pHost client = host(l -> l);
        List<CompletableFuture<Libp2pConnection>> dials = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            dials.add(client.dial(addr));
        }
        Libp2pConnection first = dials.get(0).get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Libp2pConnection> dial : dials) {
            assertSame(first, dial.get(10, TimeUnit.SECONDS));
        }
        assertSame(first, client.dial(addr).get(10, TimeUnit.SECONDS), "an open connection is reused");
        assertEquals(1, client.connections().size());
        await(() -> server.connections().size() == 1);
        assertEquals(new ConnectionStats(1, 0, 0, 0, 0), server.stats());
        assertEquals(new ConnectionStats(0, 1, 0, 0, 0), client.stats());
    }

    @Test
    void dialNewMakesAFreshConnectionUpToThePerPeerLimit() throws Exception {
        Libp2pHost server = host(l -> l);
        Multiaddr addr = listen(server);
        Libp2pHost client = host(l -> l.withPerPeer(2));
        Libp2pConnection first = client.dialNew(addr).get(10, TimeUnit.SECONDS);
        Libp2pConnection second = client.dialNew(addr).get(10, TimeUnit.SECONDS);
        assertFalse(first == second);
        assertTrue(first.isOpen() && second.isOpen());
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.dialNew(addr).get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionShedException.class, e.getCause());
        assertEquals(1L, client.counters().get("per_peer_limit"));
        await(() -> server.connections().size() == 2 && client.connections().size() == 2);
    }

    @Test
    void dialWithoutPeerIdAcceptsWhoeverAnswersAndThenReuses() throws Exception {
        Libp2pHost server = host(l -> l);
        Multiaddr addr = listen(server);
        Libp2pHost client = host(l -> l);
        Libp2pConnection c = client.dial(addr.withoutPeerId()).get(10, TimeUnit.SECONDS);
        assertEquals(server.peerId(), c.remotePeer());
        assertEquals(addr.withoutPeerId(), c.dialedAddress());
        assertSame(c, client.dial(addr.withoutPeerId()).get(10, TimeUnit.SECONDS), "reused by address");
        assertSame(c, client.dial(addr).get(10, TimeUnit.SECONDS), "reused by the proven peer id");
        assertEquals(1, client.connections().size());
    }

    @Test
    void dialWithoutPeerIdToAConnectedPeerEndsWithTheExistingConnection() throws Exception {
        Libp2pHost a = host(l -> l.withPerPeer(1));
        Libp2pHost b = host(l -> l.withPerPeer(1));
        Multiaddr aAddr = listen(a);
        Multiaddr bAddr = listen(b);
        Libp2pConnection ab = a.dial(bAddr).get(10, TimeUnit.SECONDS);
        // The address alone does not tell who is there: a second connection is made, and once the handshake
        // proved Bob, the per-peer limit of 1 closes it on both sides and the existing connection is the answer.
        assertSame(ab, a.dial(bAddr.withoutPeerId()).get(10, TimeUnit.SECONDS));
        await(() -> a.allConnections().size() == 1 && b.allConnections().size() == 1);
        assertEquals(1L, a.counters().get("per_peer_limit"));
        // Bob dialling Alice's address without her id makes a connection in the other direction: the
        // simultaneous-dial rule keeps the one dialed by the smaller peer id, on both sides alike.
        Libp2pConnection ba = b.dial(aAddr.withoutPeerId()).get(10, TimeUnit.SECONDS);
        await(() -> a.allConnections().size() == 1 && b.allConnections().size() == 1);
        Libp2pConnection onA = a.connections().get(0);
        Libp2pConnection onB = b.connections().get(0);
        assertSame(onB, ba, "Bob's dial ended with the connection that survived");
        assertEquals(onA.localAddress(), onB.remoteAddress());
        assertEquals(onA.remoteAddress(), onB.localAddress());
        boolean aliceSmaller = a.peerId().compareTo(b.peerId()) < 0;
        assertEquals(aliceSmaller, onA.isDialer(), "kept: the connection dialed by the smaller id");
        assertSame(aliceSmaller, onA == ab);
        assertTrue(a.counters().get("simultaneous_dial") + b.counters().get("simultaneous_dial") > 0);
        assertTrue(a.ping(onA).get(5, TimeUnit.SECONDS).toNanos() > 0);
        assertTrue(b.ping(onB).get(5, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void aboveTheHighWaterMarkIdleConnectionsArePrunedButNotTheYoungOrBusy() throws Exception {
        Duration grace = Duration.ofMillis(1500);
        Libp2pHost server = host(l -> l.withWaterMarks(2, 3, grace));
        server.handle(TestStreams.ECHO, s -> new TestStreams.EchoListener());
        Multiaddr addr = listen(server);
        List<Libp2pConnection> clients = new ArrayList<>();
        List<Libp2pHost> clientHosts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clientHosts.add(host(l -> l));
            clients.add(clientHosts.get(i).dial(addr).get(10, TimeUnit.SECONDS));
        }
        // A stream held open on the newest client's connection keeps it busy.
        Libp2pStream busy = clients.get(3).newStream(TestStreams.ECHO, s -> new TestStreams.Collector())
                .get(10, TimeUnit.SECONDS);
        await(() -> server.connections().size() == 4);
        assertEquals(0L, server.counters().get("water_mark"), "all younger than the grace period");
        await(() -> server.connections().size() == 2);
        assertEquals(2L, server.counters().get("water_mark"));
        assertTrue(clients.get(3).isOpen(), "the busy connection is kept");
        assertTrue(server.ping(server.connection(clientHosts.get(3).peerId()).orElseThrow())
                .get(5, TimeUnit.SECONDS).toNanos() > 0);
        busy.reset();
    }

    @Test
    void closingFromOtherThreadsHopsOntoTheConnectionsLoopAndCountsOnce() throws Exception {
        Libp2pHost server = host(l -> l);
        Libp2pHost client = host(l -> l);
        Libp2pConnection c = client.dial(listen(server)).get(10, TimeUnit.SECONDS);
        // As the pruner and the admission of other connections do: from threads that are not its event loop.
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> closers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                c.closeFor(ConnectionCounters.Reason.WATER_MARK);
            });
            t.start();
            closers.add(t);
        }
        start.countDown();
        for (Thread t : closers) {
            t.join(10_000);
        }
        c.closedFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1L, client.counters().get("water_mark"), "counted once, whatever thread asked");
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
            Thread.sleep(20);
        }
    }
}
