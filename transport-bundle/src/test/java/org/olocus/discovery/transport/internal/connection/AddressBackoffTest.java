package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.noise.PeerIdMismatchException;

/** Dial backoff per transport address: what a failure blocks, for whom, and what a connection clears. */
class AddressBackoffTest {
    private static final long S = 1_000_000_000L;
    private static final Multiaddr WRONG_PORT = Multiaddr.parse("/ip4/127.0.0.1/tcp/8000");
    private static final Multiaddr RIGHT_PORT = Multiaddr.parse("/ip4/127.0.0.1/tcp/8001");

    private final PeerId a = new Ed25519TestPeer().peerId();
    private final PeerId b = new Ed25519TestPeer().peerId();
    private final AddressBackoff backoff = new AddressBackoff(Duration.ofSeconds(5), Duration.ofSeconds(300));

    @Test
    void aDeadAddressBlocksOnlyItselfForEveryPeer() {
        backoff.failed(WRONG_PORT, new ConnectException("Connection refused"), 0);
        DialBackoffException refused = backoff.refusal(WRONG_PORT, a, 0);
        assertNotNull(refused);
        assertTrue(refused.getMessage().startsWith("address " + WRONG_PORT + " is in dial backoff until "),
                refused.getMessage());
        assertTrue(refused.getMessage().endsWith(" (1 failed dial)"), refused.getMessage());
        assertEquals(WRONG_PORT, refused.address());
        assertNotNull(backoff.refusal(WRONG_PORT, null, 0), "an address-only dial too");
        assertNotNull(backoff.refusal(WRONG_PORT, b, 0), "and any other peer at that address");
        assertNull(backoff.refusal(RIGHT_PORT, a, 0), "the peer's other address stays dialable");
        assertNull(backoff.refusal(WRONG_PORT, a, 5 * S), "free once the wait is over");
    }

    @Test
    void anAddressThatAnsweredAsAnotherPeerIsBlockedForTheExpectedPeerOnly() {
        backoff.failed(RIGHT_PORT, new PeerIdMismatchException(a, b), 0);
        DialBackoffException refused = backoff.refusal(RIGHT_PORT, a, 0);
        assertNotNull(refused);
        assertTrue(refused.getMessage().contains("(for peer " + a + " only: it answered as another peer, 1 failed "
                + "dial)"), refused.getMessage());
        assertNull(backoff.refusal(RIGHT_PORT, b, 0), "the peer that did answer may be dialled there");
        assertNull(backoff.refusal(RIGHT_PORT, null, 0), "and so may whoever answers");
    }

    @Test
    void aConnectionClearsTheAddress() {
        backoff.failed(RIGHT_PORT, new ConnectException("Connection refused"), 0);
        backoff.failed(RIGHT_PORT, new PeerIdMismatchException(a, b), 0);
        assertEquals(2, backoff.blocked(0));
        backoff.succeeded(RIGHT_PORT, a);
        assertNull(backoff.refusal(RIGHT_PORT, a, 0));
        assertEquals(0, backoff.size());
    }
}
