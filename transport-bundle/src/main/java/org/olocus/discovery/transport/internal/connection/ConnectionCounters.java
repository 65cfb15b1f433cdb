package org.olocus.discovery.transport.internal.connection;

import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.noise.PeerIdMismatchException;

/**
 * How many connections a {@link Libp2pHost} refused or closed, per reason. Thread-safe; a snapshot lists every
 * reason (zeros included) under its stable key, for the {@code net:} shell commands.
 */
final class ConnectionCounters {
    /** Why a connection was refused or closed by us (or failed). */
    enum Reason {
        /** An inbound connection beyond {@code maxInbound}, closed right after the TCP accept. */
        INBOUND_LIMIT("inbound_limit"),
        /** A dial beyond {@code maxOutbound}, failed at once. */
        OUTBOUND_LIMIT("outbound_limit"),
        /** A connection beyond {@code maxPerPeer}, closed once its peer was proven. */
        PER_PEER_LIMIT("per_peer_limit"),
        /** The oldest inbound handshake, closed because too many were pending. */
        PENDING_SHED("pending_shed"),
        /** No open stream for the idle timeout. */
        IDLE("idle_timeout"),
        /** A Yamux ping not answered within the keep-alive interval. */
        KEEP_ALIVE("keep_alive"),
        /** A dial refused because its address is in dial backoff. */
        BACKOFF("dial_backoff"),
        /** The remote broke multistream-select, Noise or Yamux (or hung up mid-upgrade). */
        PROTOCOL_VIOLATION("protocol_violation"),
        /** The handshake proved another peer than the one dialled. */
        WRONG_PEER("wrong_peer"),
        /** The upgrade did not finish within the handshake timeout. */
        HANDSHAKE_TIMEOUT("handshake_timeout"),
        /** The TCP connect failed or an I/O error ended the connection. */
        IO_ERROR("io_error"),
        /** The connection lost a simultaneous dial to the one both sides keep. */
        SIMULTANEOUS_DIAL("simultaneous_dial"),
        /** Pruned above the high water mark. */
        WATER_MARK("water_mark"),
        /** A write refused because the connection's write queue was full. */
        WRITE_QUEUE_FULL("write_queue_full");

        final String key;

        Reason(String key) {
            this.key = key;
        }
    }

    private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);

    ConnectionCounters() {
        for (Reason r : Reason.values()) {
            counts.put(r, new LongAdder());
        }
    }

    void count(Reason reason) {
        counts.get(reason).increment();
    }

    long get(Reason reason) {
        return counts.get(reason).sum();
    }

    /** The reason a failed upgrade or dial is counted under. */
    static Reason classify(Throwable cause) {
        if (cause instanceof PeerIdMismatchException) {
            return Reason.WRONG_PEER;
        }
        if (cause instanceof TimeoutException) {
            return Reason.HANDSHAKE_TIMEOUT;
        }
        if (cause instanceof ProtocolViolationException) {
            return Reason.PROTOCOL_VIOLATION;
        }
        if (cause instanceof IOException) {
            return Reason.IO_ERROR;
        }
        return Reason.PROTOCOL_VIOLATION;
    }

    /** Every reason's count under its key, in declaration order. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((reason, n) -> out.put(reason.key, n.sum()));
        return out;
    }
}
