package org.olocus.discovery.transport.internal.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.noise.PeerIdMismatchException;

/**
 * Dial backoff per transport address (a multiaddr without {@code /p2p}), not per peer: one dead address of a peer
 * never blocks its other addresses.
 * <ul>
 * <li>A dial that failed at an address (refused, timed out, broke a protocol) blocks that address for every
 * peer.</li>
 * <li>A dial whose handshake proved another peer than the expected one blocks the address for the expected peer
 * only: whoever answered there is alive, and may still be dialled there as itself (or without {@code /p2p}).</li>
 * <li>A connection made at an address clears both.</li>
 * </ul>
 * Waits start at {@code dial_backoff} and double per consecutive failure up to {@code max_dial_backoff}; at most
 * {@link #MAX_ENTRIES} entries are kept ({@link DialBackoff}). Not thread-safe: the connection manager guards it.
 */
final class AddressBackoff {
    static final int MAX_ENTRIES = 4096;

    /** {@code address} answered as another peer than {@code expected}. */
    private record WrongPeerAt(Multiaddr address, PeerId expected) {
    }

    private final DialBackoff<Object> table;

    AddressBackoff(Duration first, Duration max) {
        this.table = new DialBackoff<>(first, max, MAX_ENTRIES);
    }

    /**
     * Why a dial of {@code address} (without {@code /p2p}) expecting {@code expected} ({@code null}: whoever
     * answers) must wait, or {@code null} when it may go now.
     */
    DialBackoffException refusal(Multiaddr address, PeerId expected, long nowNanos) {
        OptionalLong until = table.blockedUntil(address, nowNanos);
        if (until.isPresent()) {
            return new DialBackoffException(address, wallClock(until.getAsLong(), nowNanos),
                    inARow(table.failures(address, nowNanos)));
        }
        if (expected == null) {
            return null;
        }
        WrongPeerAt wrong = new WrongPeerAt(address, expected);
        until = table.blockedUntil(wrong, nowNanos);
        if (until.isPresent()) {
            return new DialBackoffException(address, wallClock(until.getAsLong(), nowNanos), "for peer "
                    + expected + " only: it answered as another peer, " + inARow(table.failures(wrong, nowNanos)));
        }
        return null;
    }

    /** A dial of {@code address} failed with {@code cause}. */
    void failed(Multiaddr address, Throwable cause, long nowNanos) {
        Object key = cause instanceof PeerIdMismatchException m ? new WrongPeerAt(address, m.expected()) : address;
        table.failed(key, nowNanos);
    }

    /** A dial of {@code address} ended in a connection to {@code peer}. */
    void succeeded(Multiaddr address, PeerId peer) {
        table.succeeded(address);
        table.succeeded(new WrongPeerAt(address, peer));
    }

    /** Entries held (blocked or remembered for their failure count). */
    int size() {
        return table.size();
    }

    /** Entries that block a dial at {@code nowNanos}. */
    int blocked(long nowNanos) {
        return table.blocked(nowNanos);
    }

    private static Instant wallClock(long untilNanos, long nowNanos) {
        return Instant.now().plusNanos(untilNanos - nowNanos);
    }

    private static String inARow(int failures) {
        return failures == 1 ? "1 failed dial" : failures + " failed dials in a row";
    }
}
