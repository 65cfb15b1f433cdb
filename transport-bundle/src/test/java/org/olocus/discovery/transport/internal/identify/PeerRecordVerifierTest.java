package org.olocus.discovery.transport.internal.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.identify.PeerRecordVerifier.Refusal;

class PeerRecordVerifierTest {
    private final Ed25519TestPeer remote = new Ed25519TestPeer();
    private final Multiaddr signedAddr = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    private final Multiaddr unsignedAddr = Multiaddr.parse("/ip4/127.0.0.1/tcp/9999");
    private final PeerRecordVerifier verifier = new PeerRecordVerifier();

    private IdentifyMessage identify(byte[] record) {
        return new IdentifyMessage("ipfs/0.1.0", "test", remote.publicKey(), List.of(unsignedAddr), null,
                List.of(IdentifyProtocol.ID), record, 0);
    }

    private byte[] record(long seq) {
        return new PeerRecord(remote.peerId(), seq, List.of(signedAddr), 0).sign(remote).encode();
    }

    @Test
    void acceptsTheConnectionPeersRecord() {
        IdentifyMessage message = identify(record(5));
        Optional<List<Multiaddr>> verified = verifier.verifiedAddresses(message, remote.peerId());
        assertEquals(Optional.of(List.of(signedAddr)), verified);
        assertTrue(verifier.refusals().values().stream().allMatch(n -> n == 0), verifier.refusals().toString());
    }

    @Test
    void noRecordMeansNoVerifiedAddressesAndNoRefusal() {
        IdentifyMessage message = identify(null);
        assertEquals(Optional.empty(), verifier.verifiedAddresses(message, remote.peerId()));
        assertEquals(0L, verifier.refusals().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void refusesAndCountsEachReason() {
        byte[] tampered = record(5);
        tampered[tampered.length - 1] ^= 1; // the signature is the last field
        assertRefused(Refusal.ENVELOPE, identify(tampered));
        assertRefused(Refusal.ENVELOPE, identify(new byte[] {1, 2, 3}));

        byte[] notARecord = SignedEnvelope.seal(remote, PeerRecord.DOMAIN, new byte[] {0x03, 0x02},
                new PeerRecord(remote.peerId(), 1, List.of(signedAddr), 0).encode()).encode();
        assertRefused(Refusal.RECORD, identify(notARecord));

        // a third peer's genuine record, relayed by the remote
        Ed25519TestPeer third = new Ed25519TestPeer();
        byte[] thirds = new PeerRecord(third.peerId(), 1, List.of(signedAddr), 0).sign(third).encode();
        assertRefused(Refusal.WRONG_PEER, identify(thirds));

        assertEquals(Map.of(Refusal.ENVELOPE, 2L, Refusal.RECORD, 1L, Refusal.WRONG_PEER, 1L, Refusal.STALE_SEQ, 0L),
                verifier.refusals());
    }

    @Test
    void seqMustNotGoBackwardsOnAConnection() {
        PeerRecordSequence seen = new PeerRecordSequence();
        assertTrue(verifier.verifiedAddresses(identify(record(10)), remote.peerId(), seen).isPresent());
        // the same record again (identify, then a push with the cached envelope) is fine
        assertTrue(verifier.verifiedAddresses(identify(record(10)), remote.peerId(), seen).isPresent());
        assertEquals(Optional.empty(), verifier.verifiedAddresses(identify(record(9)), remote.peerId(), seen));
        assertEquals(1, verifier.refused(Refusal.STALE_SEQ));
        assertTrue(verifier.verifiedAddresses(identify(record(11)), remote.peerId(), seen).isPresent());
        assertEquals(OptionalLong.of(11), seen.highest());
    }

    @Test
    void sequenceComparesUnsigned() {
        PeerRecordSequence seen = new PeerRecordSequence();
        assertEquals(OptionalLong.empty(), seen.highest());
        assertTrue(seen.advance(Long.MAX_VALUE));
        assertTrue(seen.advance(Long.MIN_VALUE)); // 2^63 > 2^63 - 1 as uint64
        assertFalse(seen.advance(Long.MAX_VALUE));
        assertTrue(seen.advance(-1L));
        assertFalse(seen.advance(0));
    }

    private void assertRefused(Refusal reason, IdentifyMessage message) {
        long before = verifier.refused(reason);
        assertEquals(Optional.empty(), verifier.verifiedAddresses(message, remote.peerId()));
        assertEquals(before + 1, verifier.refused(reason), reason.name());
    }
}
