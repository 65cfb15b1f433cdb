package org.olocus.discovery.transport.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;

/**
 * The api Host's connects and dial backoff per address (issue #11), two components on 127.0.0.1: a dead address
 * of a peer never blocks its other addresses, an address in backoff is skipped or refused at once by name, and a
 * failure names every address with its reason and carries the id of any peer that answered instead.
 */
class HostConnectAddressesTest {
    private final Ed25519TestPeer alice = new Ed25519TestPeer();
    private final Ed25519TestPeer bob = new Ed25519TestPeer();
    private final PeerId carol = new Ed25519TestPeer().peerId(); // claimed by discovery, runs nowhere
    private final TransportTestSupport.Published published = new TransportTestSupport.Published();
    private TransportComponent a;
    private TransportComponent b;

    @BeforeEach
    void start() throws Exception {
        a = TransportTestSupport.start(alice, published);
        b = TransportTestSupport.start(bob, published);
    }

    @AfterEach
    void stop() {
        a.deactivate();
        b.deactivate();
    }

    private Multiaddr bobAddress() {
        return b.host().listenAddresses().get(0);
    }

    private static Multiaddr deadAddress() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + s.getLocalPort());
        }
    }

    private long counter(String key) {
        return a.host().libp2p().counters().get(key);
    }

    private static DiscoveryException failure(CompletableFuture<PeerConnection> connect) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connect.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(DiscoveryException.class, e.getCause());
    }

    @Test
    void aWrongPortDoesNotBlockThePeersRightAddress() throws Exception {
        Multiaddr wrongPort = deadAddress();
        DiscoveryException refused = failure(a.host().connect(wrongPort.withPeerId(bob.peerId())));
        assertTrue(refused.getMessage().contains("Connection refused"), refused.getMessage());

        PeerConnection c = a.host().connect(bobAddress().withPeerId(bob.peerId())).get(30, TimeUnit.SECONDS);
        assertEquals(bob.peerId(), c.remotePeer(), "the issue: this was refused with 'peer … is in dial backoff'");
        a.host().disconnect(bob.peerId()).get(30, TimeUnit.SECONDS);
        TransportTestSupport.await("no connection left", () -> a.host().connections().isEmpty());

        long ioErrors = counter("io_error");
        long backoffs = counter("dial_backoff");
        PeerConnection again = a.host().connect(bob.peerId(), List.of(wrongPort, bobAddress()))
                .get(30, TimeUnit.SECONDS);
        assertEquals(bob.peerId(), again.remotePeer());
        assertEquals(backoffs + 1, counter("dial_backoff"), "the address in backoff was skipped");
        assertEquals(ioErrors, counter("io_error"), "without dialling it");
    }

    @Test
    void aConnectToAnAddressInBackoffFailsAtOnceNamingIt() throws Exception {
        Multiaddr dead = deadAddress();
        failure(a.host().connect(dead));
        CompletableFuture<PeerConnection> again = a.host().connect(dead.withPeerId(bob.peerId()));
        assertTrue(again.isDone(), "fails at once");
        DiscoveryException e = failure(again);
        assertEquals(DiscoveryException.Kind.NETWORK, e.kind());
        assertTrue(e.getMessage().startsWith("NETWORK: connect to " + dead.withPeerId(bob.peerId())
                + " failed: address " + dead + " is in dial backoff until "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (1 failed dial)"), e.getMessage());
    }

    @Test
    void whenEveryAddressFailsOneMessageNamesEachWithItsReason() throws Exception {
        Multiaddr inBackoff = deadAddress();
        failure(a.host().connect(inBackoff));
        Multiaddr refused = deadAddress();
        Multiaddr otherPeer = bobAddress();
        Multiaddr namesBob = bobAddress().withPeerId(bob.peerId());

        DiscoveryException e = failure(a.host().connect(carol, List.of(inBackoff, refused, otherPeer, namesBob)));
        String m = e.getMessage();
        assertEquals(DiscoveryException.Kind.NETWORK, e.kind());
        assertTrue(m.startsWith("NETWORK: cannot connect to " + carol + " at any of its 4 addresses: "), m);
        assertTrue(m.contains(inBackoff + " in dial backoff until "), m);
        assertTrue(m.contains(" (1 failed dial); " + refused + " refused (Connection refused"), m);
        assertTrue(m.contains("; " + otherPeer + " wrong peer id (answered as " + bob.peerId() + "); "), m);
        assertTrue(m.endsWith("; " + namesBob + " not dialled (it names peer " + bob.peerId() + ")"), m);
        assertEquals(3, e.getSuppressed().length, "each dialled address's own exception");

        List<WrongPeerException> wrong = WrongPeerException.in(e);
        assertEquals(1, wrong.size());
        assertEquals(bob.peerId(), wrong.get(0).actual());
        assertEquals(carol, wrong.get(0).expected());
        assertEquals(otherPeer, wrong.get(0).address());
        assertTrue(a.host().connections().isEmpty(), "the peer that answered instead is not kept");
    }

    @Test
    void aWrongPeerIdCarriesTheIdThatAnswered() throws Exception {
        Multiaddr claimed = bobAddress().withPeerId(carol);
        CompletableFuture<PeerConnection> connect = a.host().connect(claimed);
        ExecutionException e = assertThrows(ExecutionException.class, () -> connect.get(30, TimeUnit.SECONDS));
        WrongPeerException wrong = assertInstanceOf(WrongPeerException.class, e.getCause());
        assertEquals(DiscoveryException.Kind.NETWORK, wrong.kind());
        assertEquals(bob.peerId(), wrong.actual());
        assertEquals(carol, wrong.expected());
        assertEquals(bobAddress(), wrong.address());
        assertEquals("NETWORK: connect to " + claimed + " failed: dialed peer " + carol
                + " but the remote proved it is " + bob.peerId(), wrong.getMessage());
        assertEquals(List.of(wrong), WrongPeerException.in(e));
        assertEquals(1L, counter("wrong_peer"));

        assertEquals(bob.peerId(), a.host().connect(bobAddress().withPeerId(bob.peerId())).get(30, TimeUnit.SECONDS)
                .remotePeer(), "the address is blocked for the claimed peer only");
    }
}
