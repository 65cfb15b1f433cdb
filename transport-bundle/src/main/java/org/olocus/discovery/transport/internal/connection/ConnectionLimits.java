package org.olocus.discovery.transport.internal.connection;

import java.time.Duration;

/**
 * What the connection manager of a {@link Libp2pHost} allows.
 *
 * @param maxInbound           most connections the remote dialed (the spec's {@code max_inbound}); one beyond it is
 *                             closed right after the TCP accept
 * @param maxOutbound          most connections we dialed or are dialling (the spec's {@code max_outbound}); a dial
 *                             beyond it fails at once
 * @param maxPerPeer           most connections to one peer (a further one is closed once its peer id is proven)
 * @param lowWater             pruning closes connections down to this many
 * @param highWater            pruning starts above this many connections
 * @param idleTimeout          a connection without streams for this long is closed
 * @param dialBackoff          first wait before an address (without {@code /p2p}) whose dial failed may be
 *                             dialled again (doubles per consecutive failure; see {@link AddressBackoff})
 * @param maxDialBackoff       the longest such wait
 * @param maxPendingHandshakes most inbound connections still upgrading at once (the oldest is shed beyond it)
 * @param keepAliveInterval    Yamux ping interval on a connection with streams but no traffic; a ping not answered
 *                             within one interval closes the connection
 * @param gracePeriod          a connection younger than this is never pruned by the water marks, and a connection
 *                             that lost a simultaneous dial is closed at the latest this long after it lost
 * @param maxQueuedWriteBytes  bytes one connection may hold queued for writing (beyond the remote's windows); a
 *                             write beyond it fails
 */
public record ConnectionLimits(int maxInbound, int maxOutbound, int maxPerPeer, int lowWater, int highWater,
        Duration idleTimeout, Duration dialBackoff, Duration maxDialBackoff, int maxPendingHandshakes,
        Duration keepAliveInterval, Duration gracePeriod, long maxQueuedWriteBytes) {
    /** 10 s grace. */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    /** 4 MiB queued for writing per connection. */
    static final long DEFAULT_MAX_QUEUED_WRITE_BYTES = 4L * 1024 * 1024;

    public ConnectionLimits {
        if (maxInbound < 0 || maxOutbound < 0 || maxPerPeer < 1 || lowWater < 0 || highWater < lowWater
                || maxPendingHandshakes < 1 || maxQueuedWriteBytes < 1) {
            throw new IllegalArgumentException("bad connection limits: in " + maxInbound + ", out " + maxOutbound
                    + ", per peer " + maxPerPeer + ", water " + lowWater + ".." + highWater + ", pending "
                    + maxPendingHandshakes + ", queued write bytes " + maxQueuedWriteBytes);
        }
        positive("idle_timeout", idleTimeout);
        positive("dial_backoff", dialBackoff);
        positive("max_dial_backoff", maxDialBackoff);
        positive("keep_alive_interval", keepAliveInterval);
        positive("grace_period", gracePeriod);
    }

    /** The first ten settings, with the default grace period and write queue bound. */
    public ConnectionLimits(int maxInbound, int maxOutbound, int maxPerPeer, int lowWater, int highWater,
            Duration idleTimeout, Duration dialBackoff, Duration maxDialBackoff, int maxPendingHandshakes,
            Duration keepAliveInterval) {
        this(maxInbound, maxOutbound, maxPerPeer, lowWater, highWater, idleTimeout, dialBackoff, maxDialBackoff,
                maxPendingHandshakes, keepAliveInterval, DEFAULT_GRACE, DEFAULT_MAX_QUEUED_WRITE_BYTES);
    }

    /**
     * The spec's 50 in / 50 out, 2 per peer, prune 96 → 64, 2 min idle, 5 s .. 5 min backoff, 256 pending, 30 s
     * ping, 10 s grace, 4 MiB write queue per connection.
     */
    static ConnectionLimits defaults() {
        return new ConnectionLimits(50, 50, 2, 64, 96, Duration.ofMinutes(2), Duration.ofSeconds(5),
                Duration.ofMinutes(5), 256, Duration.ofSeconds(30));
    }

    ConnectionLimits withInOut(int inbound, int outbound) {
        return new ConnectionLimits(inbound, outbound, maxPerPeer, lowWater, highWater, idleTimeout, dialBackoff,
                maxDialBackoff, maxPendingHandshakes, keepAliveInterval, gracePeriod, maxQueuedWriteBytes);
    }

    ConnectionLimits withWaterMarks(int low, int high, Duration grace) {
        return new ConnectionLimits(maxInbound, maxOutbound, maxPerPeer, low, high, idleTimeout, dialBackoff,
                maxDialBackoff, maxPendingHandshakes, keepAliveInterval, grace, maxQueuedWriteBytes);
    }

    ConnectionLimits withTimers(Duration idle, Duration keepAlive) {
        return new ConnectionLimits(maxInbound, maxOutbound, maxPerPeer, lowWater, highWater, idle, dialBackoff,
                maxDialBackoff, maxPendingHandshakes, keepAlive, gracePeriod, maxQueuedWriteBytes);
    }

    ConnectionLimits withBackoff(Duration first, Duration max) {
        return new ConnectionLimits(maxInbound, maxOutbound, maxPerPeer, lowWater, highWater, idleTimeout, first,
                max, maxPendingHandshakes, keepAliveInterval, gracePeriod, maxQueuedWriteBytes);
    }

    ConnectionLimits withPerPeer(int perPeer) {
        return new ConnectionLimits(maxInbound, maxOutbound, perPeer, lowWater, highWater, idleTimeout, dialBackoff,
                maxDialBackoff, maxPendingHandshakes, keepAliveInterval, gracePeriod, maxQueuedWriteBytes);
    }

    ConnectionLimits withMaxPendingHandshakes(int pending) {
        return new ConnectionLimits(maxInbound, maxOutbound, maxPerPeer, lowWater, highWater, idleTimeout,
                dialBackoff, maxDialBackoff, pending, keepAliveInterval, gracePeriod, maxQueuedWriteBytes);
    }

    ConnectionLimits withMaxQueuedWriteBytes(long bytes) {
        return new ConnectionLimits(maxInbound, maxOutbound, maxPerPeer, lowWater, highWater, idleTimeout,
                dialBackoff, maxDialBackoff, maxPendingHandshakes, keepAliveInterval, gracePeriod, bytes);
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
