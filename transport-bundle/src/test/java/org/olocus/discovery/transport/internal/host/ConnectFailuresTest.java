package org.olocus.discovery.transport.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.ConnectException;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.connection.DialBackoffException;
import org.olocus.discovery.transport.internal.connection.DialRefusedException;
import org.olocus.discovery.transport.internal.noise.PeerIdMismatchException;

/** The reason given per address when a connect to a peer finds no connection. */
class ConnectFailuresTest {
    private static final Multiaddr X = Multiaddr.parse("/ip4/127.0.0.1/tcp/8000");

    private static String reason(Throwable cause) {
        return ConnectFailures.reason(TransportErrors.connectFailed(X, new CompletionException(cause)));
    }

    @Test
    void eachFailureHasItsReason() {
        assertEquals("refused (Connection refused: /127.0.0.1:8000)",
                reason(new ConnectException("Connection refused: /127.0.0.1:8000")));
        assertEquals("timed out (connection timed out: /127.0.0.1:8000)",
                reason(new ConnectTimeoutException("connection timed out: /127.0.0.1:8000")));
        assertEquals("timed out (no connection within 16 s)",
                reason(new TimeoutException("no connection within 16 s")));
        Instant until = Instant.parse("2030-01-01T00:00:05Z");
        assertEquals("in dial backoff until 2030-01-01T00:00:05Z (2 failed dials in a row)",
                reason(new DialBackoffException(X, until, "2 failed dials in a row")));
        assertEquals("not dialled (outbound connection limit of 1 reached (1 open, 0 dialling))",
                reason(new DialRefusedException("outbound connection limit of 1 reached (1 open, 0 dialling)")));
        assertEquals("failed (the remote closed the connection during the upgrade (stage SECURITY))",
                reason(new ProtocolViolationException("the remote closed the connection during the upgrade (stage "
                        + "SECURITY)")));
        PeerId expected = new Ed25519TestPeer().peerId();
        PeerId actual = new Ed25519TestPeer().peerId();
        assertEquals("wrong peer id (answered as " + actual + ")", reason(new PeerIdMismatchException(expected,
                actual)));
    }

    @Test
    void oneExceptionListsEveryAddressAndKeepsEachFailure() {
        PeerId peer = new Ed25519TestPeer().peerId();
        PeerId other = new Ed25519TestPeer().peerId();
        ConnectFailures failures = new ConnectFailures(peer);
        DiscoveryException refused = TransportErrors.connectFailed(X, new ConnectException("Connection refused"));
        failures.failed(X, refused);
        failures.namesAnotherPeer(X.withPeerId(other), other);
        DiscoveryException e = failures.exception();
        assertEquals("NETWORK: cannot connect to " + peer + " at any of its 2 addresses: " + X
                + " refused (Connection refused); " + X.withPeerId(other) + " not dialled (it names peer " + other
                + ")", e.getMessage());
        assertSame(refused, e.getSuppressed()[0]);
    }
}
