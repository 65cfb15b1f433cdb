package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.noise.PeerIdMismatchException;

/** The pending-handshake set sheds the oldest; the counters list every reason. */
class ConnectionPendingHandshakesTest {
    @Test
    void beyondTheLimitTheOldestIsShed() {
        PendingHandshakes pending = new PendingHandshakes(3);
        List<ConnectionUpgrader> upgraders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            upgraders.add(new ConnectionUpgrader(null, false, null, null, new CompletableFuture<>()));
        }
        for (int i = 0; i < 3; i++) {
            assertNull(pending.add(upgraders.get(i)));
        }
        assertSame(upgraders.get(0), pending.add(upgraders.get(3)));
        assertTrue(pending.remove(upgraders.get(2)));
        assertNull(pending.add(upgraders.get(4)), "a finished handshake made room");
        assertSame(upgraders.get(1), pending.add(upgraders.get(5)));
        assertEquals(3, pending.size());
    }

    @Test
    void countersListEveryReasonUnderItsKey() {
        ConnectionCounters counters = new ConnectionCounters();
        counters.count(ConnectionCounters.Reason.PENDING_SHED);
        counters.count(ConnectionCounters.Reason.PENDING_SHED);
        counters.count(ConnectionCounters.classify(new PeerIdMismatchException(new Ed25519TestPeer().peerId(),
                new Ed25519TestPeer().peerId())));
        counters.count(ConnectionCounters.classify(new java.util.concurrent.TimeoutException()));
        counters.count(ConnectionCounters.classify(new ProtocolViolationException("bad")));
        Map<String, Long> snapshot = counters.snapshot();
        assertEquals(ConnectionCounters.Reason.values().length, snapshot.size());
        assertEquals(2L, snapshot.get("pending_shed"));
        assertEquals(1L, snapshot.get("wrong_peer"));
        assertEquals(1L, snapshot.get("handshake_timeout"));
        assertEquals(1L, snapshot.get("protocol_violation"));
        assertEquals(0L, snapshot.get("idle_timeout"));
    }
}
