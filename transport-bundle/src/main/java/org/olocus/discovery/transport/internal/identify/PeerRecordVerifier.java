package org.olocus.discovery.transport.internal.identify;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the signed peer record of an identify (or identify-push) message into verified addresses: the envelope's
 * signature for {@value PeerRecord#DOMAIN}, the payload type, the signer being the record's peer, the record's
 * peer being the connection's proven peer, and a sequence number that does not go backwards on that connection.
 * A record that fails is refused and counted by reason, and the caller falls back to the message's unsigned
 * {@code listenAddrs}; it never fails the connection. One per host; thread-safe.
 */
public final class PeerRecordVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(PeerRecordVerifier.class);

    /** Why a record was refused. */
    public enum Refusal {
        /** Malformed or oversized envelope, a signature that does not verify, or a key type we cannot verify. */
        ENVELOPE,
        /** Not a peer record, a malformed record, or a record whose peer is not the envelope's signer. */
        RECORD,
        /** A valid record of another peer than the connection's. */
        WRONG_PEER,
        /** A sequence number lower than one already seen on the connection. */
        STALE_SEQ
    }

    private final Map<Refusal, AtomicLong> refusals = new EnumMap<>(Refusal.class);

    public PeerRecordVerifier() {
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new AtomicLong());
        }
    }

    /**
     * The verified addresses of {@code message}'s signed peer record: empty when it carries none, or when it is
     * refused (counted).
     *
     * @param connectionPeer the peer the connection's handshake proved
     * @param seen           the highest sequence number seen on that connection (updated when accepted)
     */
    public Optional<List<Multiaddr>> verifiedAddresses(IdentifyMessage message, PeerId connectionPeer,
            PeerRecordSequence seen) {
        byte[] signed = message.signedPeerRecord();
        if (signed == null) {
            return Optional.empty();
        }
        SignedEnvelope envelope;
        try {
            envelope = SignedEnvelope.open(signed, PeerRecord.DOMAIN);
        } catch (ProtocolViolationException e) {
            return refuse(Refusal.ENVELOPE, connectionPeer, e.getMessage());
        }
        PeerRecord record;
        try {
            record = PeerRecord.fromEnvelope(envelope);
        } catch (ProtocolViolationException e) {
            return refuse(Refusal.RECORD, connectionPeer, e.getMessage());
        }
        if (!record.peerId().equals(connectionPeer)) {
            return refuse(Refusal.WRONG_PEER, connectionPeer, "the record is " + record.peerId() + "'s");
        }
        if (!seen.advance(record.seq())) {
            return refuse(Refusal.STALE_SEQ, connectionPeer, "seq " + Long.toUnsignedString(record.seq())
                    + " is below " + Long.toUnsignedString(seen.highest().orElseThrow()));
        }
        return Optional.of(record.addresses());
    }

    /** As {@link #verifiedAddresses(IdentifyMessage, PeerId, PeerRecordSequence)} for a message seen alone. */
    Optional<List<Multiaddr>> verifiedAddresses(IdentifyMessage message, PeerId connectionPeer) {
        return verifiedAddresses(message, connectionPeer, new PeerRecordSequence());
    }

    /** Records refused so far, for {@code reason}. */
    long refused(Refusal reason) {
        return refusals.get(reason).get();
    }

    /** Records refused so far, by reason. */
    public Map<Refusal, Long> refusals() {
        Map<Refusal, Long> counts = new EnumMap<>(Refusal.class);
        refusals.forEach((r, n) -> counts.put(r, n.get()));
        return counts;
    }

    private Optional<List<Multiaddr>> refuse(Refusal reason, PeerId peer, String why) {
        refusals.get(reason).incrementAndGet();
        LOG.debug("signed peer record from {} refused ({}): {}; using its unsigned addresses", peer, reason, why);
        return Optional.empty();
    }
}
