package org.olocus.discovery.transport.internal.connection;

import java.time.Duration;

import org.olocus.discovery.transport.internal.yamux.YamuxSession;

/**
 * Settings of a {@link Libp2pHost}.
 *
 * @param handshakeTimeout longest time from TCP connect to a usable Yamux session
 * @param dialTimeout      longest time for the TCP connect itself
 * @param ioThreads        event-loop threads (0 = Netty's default, twice the cores)
 * @param yamux            stream limits and flow-control policy of every connection
 * @param agentVersion     what identify tells others about our software
 * @param limits           what the connection manager allows
 */
public record HostConfig(Duration handshakeTimeout, Duration dialTimeout, int ioThreads, YamuxSession.Config yamux,
        String agentVersion, ConnectionLimits limits) {
    public HostConfig {
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || dialTimeout.isNegative()
                || dialTimeout.isZero() || ioThreads < 0) {
            throw new IllegalArgumentException("bad host settings: handshake " + handshakeTimeout + ", dial "
                    + dialTimeout + ", threads " + ioThreads);
        }
    }

    HostConfig withLimits(ConnectionLimits newLimits) {
        return new HostConfig(handshakeTimeout, dialTimeout, ioThreads, yamux, agentVersion, newLimits);
    }

    /** 10 s handshake, 5 s connect, 2 I/O threads, Yamux defaults, agent {@code olocus/0.1.0}. */
    public static HostConfig defaults() {
        return new HostConfig(Duration.ofSeconds(10), Duration.ofSeconds(5), 2, YamuxSession.Config.defaults(),
                "olocus/0.1.0", ConnectionLimits.defaults());
    }

    HostConfig withHandshakeTimeout(Duration timeout) {
        return new HostConfig(timeout, dialTimeout, ioThreads, yamux, agentVersion, limits);
    }
}
