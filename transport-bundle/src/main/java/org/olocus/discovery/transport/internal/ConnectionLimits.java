package org.olocus.discovery.transport.internal;

import java.time.Duration;

/**
 * What the connection manager of a {@link NettyHost} allows.
 *
 * @param maxInbound           most connections the remote dialed (the spec's {@code max_inbound})
 * @param maxOutbound          most connections we dialed (the spec's {@code max_outbound})
 * @param maxPerPeer           most connections to one peer
 * @param lowWater             pruning closes connections down to this many
 * @param highWater            pruning starts above this many connections
 * @param idleTimeout          a connection without streams for this long is closed
 * @param dialBackoff          first wait before a failed peer may be dialled again (doubles per failure)
 * @param maxDialBackoff       the longest such wait
 * @param maxPendingHandshakes most connections still upgrading at once (the oldest is shed beyond it)
 * @param keepAliveInterval    Yamux ping interval on a connection (its answer is due within the idle timeout)
 */
record ConnectionLimits(int maxInbound, int maxOutbound, int maxPerPeer, int lowWater, int highWater,
        Duration idleTimeout, Duration dialBackoff, Duration maxDialBackoff, int maxPendingHandshakes,
        Duration keepAliveInterval) {
    ConnectionLimits {
        if (maxInbound < 0 || maxOutbound < 0 || maxPerPeer < 1 || lowWater < 0 || highWater < lowWater
                || maxPendingHandshakes < 1) {
            throw new IllegalArgumentException("bad connection limits: in " + maxInbound + ", out " + maxOutbound
                    + ", per peer " + maxPerPeer + ", water " + lowWater + ".." + highWater + ", pending "
                    + maxPendingHandshakes);
        }
        positive("idle_timeout", idleTimeout);
        positive("dial_backoff", dialBackoff);
        positive("max_dial_backoff", maxDialBackoff);
        positive("keep_alive_interval", keepAliveInterval);
    }

    /** The spec's 50 in / 50 out, 2 per peer, prune 96 → 64, 2 min idle, 5 s .. 5 min backoff, 256 pending, 30 s ping. */
    static ConnectionLimits defaults() {
        return new ConnectionLimits(50, 50, 2, 64, 96, Duration.ofMinutes(2), Duration.ofSeconds(5),
                Duration.ofMinutes(5), 256, Duration.ofSeconds(30));
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
