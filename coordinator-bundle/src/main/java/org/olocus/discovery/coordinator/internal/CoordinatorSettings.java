package org.olocus.discovery.coordinator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.support.internal.ConfigLists;

/** A validated copy of {@link CoordinatorConfig}; building one from a bad config names the key and value. */
record CoordinatorSettings(Duration discoveryInterval, Duration queryTimeout, int maxPeersPerMechanism,
                           Duration refreshInterval, Duration peerTimeout, List<Multiaddr> announceAddresses,
                           Duration addressPoll, PeerDialer.Settings dialer) {
    static final CoordinatorSettings DEFAULTS = new CoordinatorSettings(Duration.ofSeconds(60), Duration.ofSeconds(10),
            50, Duration.ofSeconds(300), Duration.ofSeconds(600), List.of(), Duration.ofSeconds(5),
            new PeerDialer.Settings(32, 8, Duration.ofSeconds(10), Duration.ofSeconds(600), 3));

    static CoordinatorSettings from(CoordinatorConfig c) {
        List<Multiaddr> announce = new ArrayList<>();
        for (String a : ConfigLists.values(c.announce__addresses())) {
            try {
                announce.add(Multiaddr.parse(a));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("announce_addresses: " + e.getMessage());
            }
        }
        return new CoordinatorSettings(
                positiveSeconds("discovery_interval", c.discovery__interval()),
                positiveSeconds("query_timeout", c.query__timeout()),
                positive("max_peers_per_mechanism", c.max__peers__per__mechanism()),
                positiveSeconds("refresh_interval", c.refresh__interval()),
                positiveSeconds("peer_timeout", c.peer__timeout()),
                List.copyOf(announce),
                positiveSeconds("address_poll", c.address__poll()),
                dialer(c));
    }

    private static PeerDialer.Settings dialer(CoordinatorConfig c) {
        if (c.target__connections() < 0 || c.target__connections() > 10_000) {
            throw new IllegalArgumentException("target_connections=" + c.target__connections()
                    + " must be between 0 and 10000");
        }
        Duration retry = positiveSeconds("dial_retry", c.dial__retry());
        Duration maxRetry = positiveSeconds("max_dial_retry", c.max__dial__retry());
        if (maxRetry.compareTo(retry) < 0) {
            throw new IllegalArgumentException("max_dial_retry=" + maxRetry.toSeconds() + " is below dial_retry="
                    + retry.toSeconds());
        }
        return new PeerDialer.Settings(c.target__connections(),
                positive("max_concurrent_dials", c.max__concurrent__dials()), retry, maxRetry,
                positive("address_failures", c.address__failures()));
    }

    /** How many pushed peers one mechanism may have waiting before more are dropped. */
    int pushQueueLimit() {
        return maxPeersPerMechanism * 4;
    }

    private static Duration positiveSeconds(String key, long seconds) {
        if (seconds <= 0 || seconds > Duration.ofDays(365).toSeconds()) {
            throw new IllegalArgumentException(key + "=" + seconds + " must be between 1 and 31536000 seconds");
        }
        return Duration.ofSeconds(seconds);
    }

    private static int positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + "=" + value + " must be at least 1");
        }
        return value;
    }
}
