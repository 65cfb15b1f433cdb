package org.olocus.discovery.transport.internal.identify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;

class PeerRecordIssuerTest {
    private final Ed25519TestPeer peer = new Ed25519TestPeer();
    private final Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    private final Multiaddr b = Multiaddr.parse("/ip4/127.0.0.1/tcp/4002");

    @Test
    void seqIsWallClockMicroseconds() {
        Instant at = Instant.parse("2026-11-25T12:00:00.123456789Z");
        PeerRecordIssuer issuer = new PeerRecordIssuer(peer, Clock.fixed(at, ZoneOffset.UTC));
        PeerRecord record = PeerRecord.open(issuer.envelopeFor(List.of(a)));
        assertEquals(at.getEpochSecond() * 1_000_000 + 123_456, record.seq());
        assertEquals(peer.peerId(), record.peerId());
        assertEquals(List.of(a), record.addresses());
    }

    @Test
    void signsOncePerAddressSetAndSeqOnlyGrows() {
        AtomicInteger signatures = new AtomicInteger();
        CountingPeer counting = new CountingPeer(peer, signatures);
        // a clock standing still (or stepped back) must not make the sequence stand still
        PeerRecordIssuer issuer = new PeerRecordIssuer(counting, Clock.fixed(Instant.ofEpochSecond(1000),
                ZoneOffset.UTC));
        byte[] first = issuer.envelopeFor(List.of(a));
        assertArrayEquals(first, issuer.envelopeFor(List.of(a)));
        assertEquals(1, signatures.get());

        byte[] second = issuer.envelopeFor(List.of(a, b.withPeerId(peer.peerId())));
        assertEquals(2, signatures.get());
        PeerRecord r1 = PeerRecord.open(first);
        PeerRecord r2 = PeerRecord.open(second);
        assertEquals(r1.seq() + 1, r2.seq());
        assertEquals(List.of(a, b), r2.addresses(), "the /p2p part is left out of the record");

        PeerRecord r3 = PeerRecord.open(issuer.envelopeFor(List.of(a)));
        assertTrue(r3.seq() > r2.seq());
    }

    @Test
    void realClockSeqsIncrease() {
        PeerRecordIssuer issuer = new PeerRecordIssuer(peer);
        long before = System.currentTimeMillis() * 1000;
        long s1 = PeerRecord.open(issuer.envelopeFor(List.of(a))).seq();
        long s2 = PeerRecord.open(issuer.envelopeFor(List.of(b))).seq();
        assertTrue(s1 >= before && s2 > s1, s1 + " " + s2);
    }

    /** Counts the signatures a {@link org.olocus.discovery.api.LocalPeer} makes. */
    private record CountingPeer(Ed25519TestPeer inner, AtomicInteger count)
            implements org.olocus.discovery.api.LocalPeer {
        @Override
        public PeerId peerId() {
            return inner.peerId();
        }

        @Override
        public PeerPublicKey publicKey() {
            return inner.publicKey();
        }

        @Override
        public byte[] sign(byte[] message) {
            count.incrementAndGet();
            return inner.sign(message);
        }
    }
}
