package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.noise.PeerIdMismatchException;

/**
 * Dial backoff per address through the connection manager, on 127.0.0.1 with a stepped backoff clock (no sleeping):
 * one dead address of a peer never blocks its other addresses; a refusal names the address; waits double and
 * expire; a connection clears the address; the table stays bounded under a flood of failing addresses.
 */
class ConnectionDialBackoffTest {
    private static final long S = 1_000_000_000L;
    private static final Duration FIRST = Duration.ofSeconds(5);

    private final AtomicLong clock = new AtomicLong(1000 * S);
    private final List<Libp2pHost> hosts = new ArrayList<>();

    @AfterEach
    void closeHosts() {
        hosts.forEach(Libp2pHost::close);
    }

    private Libp2pHost host(AtomicLong backoffClock) {
        Libp2pHost host = new Libp2pHost(new Ed25519TestPeer(), HostConfig.defaults()
                .withLimits(ConnectionLimits.defaults().withBackoff(FIRST, Duration.ofSeconds(300))),
                backoffClock::get);
        hosts.add(host);
        return host;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static Throwable failure(CompletableFuture<Libp2pConnection> dial) {
        return assertThrows(ExecutionException.class, () -> dial.get(20, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void aDeadAddressDoesNotBlockThePeersOtherAddress() throws Exception {
        Libp2pHost client = host(clock);
        Libp2pHost server = host(clock);
        Multiaddr dead = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + closedPort()).withPeerId(server.peerId());
        Multiaddr good = server.listen(new InetSocketAddress("127.0.0.1", 0)).withPeerId(server.peerId());

        assertFalse(failure(client.dial(dead)) instanceof DialRefusedException, "a real connect failure first");
        CompletableFuture<Libp2pConnection> again = client.dial(dead);
        assertTrue(again.isCompletedExceptionally(), "the dead address fails at once while in backoff");
        DialBackoffException refused = assertInstanceOf(DialBackoffException.class, failure(again));
        assertTrue(refused.getMessage().startsWith("address " + dead.withoutPeerId() + " is in dial backoff until "),
                refused.getMessage());

        Libp2pConnection c = client.dial(good).get(20, TimeUnit.SECONDS); // the issue: this was "peer … in backoff"
        assertEquals(server.peerId(), c.remotePeer());
        assertEquals(1L, client.counters().get("dial_backoff"));
        assertEquals(1, client.stats().inBackoff(), "the dead address stays in backoff");
        assertSame(c, client.dial(dead).get(5, TimeUnit.SECONDS), "a connected peer is reused whatever the address");
    }

    @Test
    void theWaitDoublesAndExpiresWithTheClock() throws Exception {
        Libp2pHost client = host(clock);
        Multiaddr dead = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + closedPort());

        assertInstanceOf(ConnectException.class, failure(client.dial(dead)));
        assertTrue(failure(client.dial(dead)).getMessage().endsWith("(1 failed dial)"));
        clock.addAndGet(FIRST.toNanos() - 1);
        assertInstanceOf(DialBackoffException.class, failure(client.dial(dead)), "1 ns before the wait is over");
        clock.addAndGet(1);
        assertInstanceOf(ConnectException.class, failure(client.dial(dead)), "dialled again once it is over");

        Throwable doubled = failure(client.dial(dead));
        assertTrue(doubled.getMessage().endsWith("(2 failed dials in a row)"), doubled.getMessage());
        clock.addAndGet(FIRST.toNanos());
        assertInstanceOf(DialBackoffException.class, failure(client.dial(dead)), "the wait doubled to 10 s");
        clock.addAndGet(FIRST.toNanos());
        assertInstanceOf(ConnectException.class, failure(client.dial(dead)));
        assertTrue(failure(client.dial(dead)).getMessage().endsWith("(3 failed dials in a row)"));
        assertEquals(5L, client.counters().get("dial_backoff"), "every refusal counted");
    }

    @Test
    void aConnectionAtTheAddressClearsItsBackoff() throws Exception {
        Libp2pHost client = host(clock);
        Libp2pHost late = host(clock);
        int port = closedPort();
        Multiaddr address = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port).withPeerId(late.peerId());
        assertInstanceOf(ConnectException.class, failure(client.dial(address)));
        clock.addAndGet(FIRST.toNanos());
        assertInstanceOf(ConnectException.class, failure(client.dial(address)));
        assertTrue(failure(client.dial(address)).getMessage().endsWith("(2 failed dials in a row)"));

        late.listen(new InetSocketAddress("127.0.0.1", port)); // the peer comes up at that address
        assertInstanceOf(DialBackoffException.class, failure(client.dial(address)), "still waiting");
        clock.addAndGet(2 * FIRST.toNanos());
        Libp2pConnection c = client.dial(address).get(20, TimeUnit.SECONDS);
        assertEquals(0, client.stats().inBackoff(), "the success cleared it");

        late.close(); // the address dies again: its count starts from 1
        c.closedFuture().get(20, TimeUnit.SECONDS);
        ConnectionManagerTest.await(() -> client.connections().isEmpty());
        assertFalse(failure(client.dial(address)) instanceof DialRefusedException);
        assertTrue(failure(client.dial(address)).getMessage().endsWith("(1 failed dial)"));
    }

    @Test
    void anAddressThatAnsweredAsAnotherPeerStaysDialableAsThatPeer() throws Exception {
        Libp2pHost client = host(clock);
        Libp2pHost server = host(clock);
        Multiaddr bare = server.listen(new InetSocketAddress("127.0.0.1", 0));
        Multiaddr claimed = bare.withPeerId(new Ed25519TestPeer().peerId());

        PeerIdMismatchException wrong = assertInstanceOf(PeerIdMismatchException.class, failure(client.dial(claimed)));
        assertEquals(server.peerId(), wrong.actual());
        Throwable refused = failure(client.dial(claimed));
        assertTrue(refused.getMessage().contains("it answered as another peer"), refused.getMessage());
        assertEquals(server.peerId(), client.dial(bare.withPeerId(server.peerId())).get(20, TimeUnit.SECONDS)
                .remotePeer(), "the peer that answered is not blocked there");
    }

    @Test
    void theTableStaysBoundedUnderAFloodOfFailingAddresses() {
        ConnectionManager manager = new ConnectionManager(new Ed25519TestPeer().peerId(),
                ConnectionLimits.defaults(), new ConnectionCounters(), clock::get);
        ConnectException refused = new ConnectException("Connection refused");
        int max = 0;
        for (int i = 0; i < 100_000; i++) { // bookkeeping only: nothing is dialled
            Multiaddr address = Multiaddr.parse("/ip4/127.1." + (i >> 8 & 0xff) + "." + (i & 0xff) + "/tcp/"
                    + (1024 + (i >> 16)));
            boolean[] isNew = new boolean[1];
            ConnectionManager.DialAttempt attempt = manager.dial(address, false, isNew);
            assertTrue(isNew[0], address.toString());
            manager.dialFinished(attempt, null, refused);
            max = Math.max(max, manager.backoffEntries());
            clock.addAndGet(1000);
        }
        assertEquals(AddressBackoff.MAX_ENTRIES, max);
        assertEquals(AddressBackoff.MAX_ENTRIES, manager.inBackoff(), "the latest failures are kept");
        assertEquals(0, manager.dialling());
    }
}
