package org.olocus.discovery.transport.internal.identify;

import java.util.OptionalLong;

/**
 * The highest peer-record sequence number seen from one remote over one connection: a newer record must not go
 * backwards (RFC 0003). An equal number is accepted, since peers (we too) resend their cached record on identify
 * and every push. Thread-safe.
 */
public final class PeerRecordSequence {
    private long highest;
    private boolean seen;

    /** Records {@code seq} (unsigned) and returns {@code true}, or returns {@code false} when it went backwards. */
    synchronized boolean advance(long seq) {
        if (seen && Long.compareUnsigned(seq, highest) < 0) {
            return false;
        }
        highest = seq;
        seen = true;
        return true;
    }

    /** The highest sequence number accepted so far, if any. */
    synchronized OptionalLong highest() {
        return seen ? OptionalLong.of(highest) : OptionalLong.empty();
    }
}
