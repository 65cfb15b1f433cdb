package org.olocus.discovery.transport.internal.identify;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.Multiaddr;

/**
 * Our own signed peer record for identify: signed once per set of listen addresses (signing costs about half a
 * millisecond, identify runs on every connection) and re-signed with a higher sequence number when they change.
 * The sequence number is wall-clock microseconds since the epoch, raised above the last one issued, so it keeps
 * increasing across restarts without stored state (js-libp2p uses {@code Date.now()}, milliseconds; any
 * increasing value will do, since peers only compare a record with that peer's earlier ones). Thread-safe.
 */
public final class PeerRecordIssuer {
    private final LocalPeer local;
    private final Clock clock;
    private List<Multiaddr> signedFor;
    private byte[] envelope;
    private long lastSeq;

    public PeerRecordIssuer(LocalPeer local) {
        this(local, Clock.systemUTC());
    }

    PeerRecordIssuer(LocalPeer local, Clock clock) {
        this.local = local;
        this.clock = clock;
    }

    /**
     * The encoded envelope of our record for {@code addresses} (their {@code /p2p} part removed, at most
     * {@link PeerRecord#MAX_ADDRESSES} kept): the cached one while the addresses are the same, else a newly signed
     * one.
     */
    synchronized byte[] envelopeFor(List<Multiaddr> addresses) {
        List<Multiaddr> plain = addresses.stream().map(Multiaddr::withoutPeerId).filter(a -> !a.isEmpty())
                .limit(PeerRecord.MAX_ADDRESSES).toList();
        if (envelope == null || !plain.equals(signedFor)) {
            long seq = Math.max(micros(clock.instant()), lastSeq + 1);
            envelope = new PeerRecord(local.peerId(), seq, plain, 0).sign(local).encode();
            signedFor = plain;
            lastSeq = seq;
        }
        return envelope.clone();
    }

    private static long micros(Instant now) {
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }
}
