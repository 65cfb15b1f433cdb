package org.olocus.discovery.transport.internal.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.MultiaddrProtocol;
import org.olocus.discovery.support.internal.ConfigLists;
import org.olocus.discovery.transport.internal.connection.ConnectionLimits;
import org.olocus.discovery.transport.internal.connection.HostConfig;
import org.olocus.discovery.transport.internal.yamux.YamuxSession;

/**
 * A validated copy of {@link TransportConfig}. Building one from a bad configuration throws an
 * {@link IllegalArgumentException} whose one-line message names the key and the value.
 *
 * @param listenAddresses   where to listen, each {@code /ip4|ip6/<literal>/tcp/<port>}, duplicates removed
 * @param announceAddresses what to announce instead of the bound addresses (empty: the bound ones)
 * @param host              the libp2p host's settings (timeouts, threads, agent, connection limits)
 */
public record TransportSettings(List<Multiaddr> listenAddresses, List<Multiaddr> announceAddresses, HostConfig host) {
    private static final long YEAR_SECONDS = Duration.ofDays(365).toSeconds();
    private static final int MAX_CONNECTIONS = 100_000;
    private static final int MAX_AGENT_LENGTH = 128;

    public TransportSettings {
        listenAddresses = List.copyOf(listenAddresses);
        announceAddresses = List.copyOf(announceAddresses);
    }

    static TransportSettings from(TransportConfig c) {
        List<Multiaddr> listen = new ArrayList<>(new LinkedHashSet<>(listenAddresses(c.listen__addresses())));
        List<Multiaddr> announce = announceAddresses(c.announce__addresses());
        int lowWater = range("low_water", c.low__water(), 0, MAX_CONNECTIONS);
        int highWater = range("high_water", c.high__water(), 1, MAX_CONNECTIONS);
        if (highWater < lowWater) {
            throw new IllegalArgumentException("high_water=" + highWater + " must not be below low_water="
                    + lowWater);
        }
        Duration backoff = seconds("dial_backoff", c.dial__backoff(), YEAR_SECONDS);
        Duration maxBackoff = seconds("max_dial_backoff", c.max__dial__backoff(), YEAR_SECONDS);
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("max_dial_backoff=" + maxBackoff.toSeconds()
                    + " must not be below dial_backoff=" + backoff.toSeconds());
        }
        ConnectionLimits limits = new ConnectionLimits(
                range("max_inbound", c.max__inbound(), 0, MAX_CONNECTIONS),
                range("max_outbound", c.max__outbound(), 0, MAX_CONNECTIONS),
                range("max_connections_per_peer", c.max__connections__per__peer(), 1, 16),
                lowWater, highWater,
                seconds("idle_timeout", c.idle__timeout(), YEAR_SECONDS),
                backoff, maxBackoff,
                range("max_pending_handshakes", c.max__pending__handshakes(), 1, MAX_CONNECTIONS),
                seconds("keep_alive_interval", c.keep__alive__interval(), YEAR_SECONDS));
        HostConfig host = new HostConfig(
                seconds("handshake_timeout", c.handshake__timeout(), 3600),
                seconds("dial_timeout", c.dial__timeout(), 3600),
                range("io_threads", c.io__threads(), 1, 64),
                YamuxSession.Config.defaults(),
                agentVersion(c.agent__version()),
                limits);
        return new TransportSettings(listen, announce, host);
    }

    /** The longest a {@code net:connect} (TCP connect plus upgrade) can take. */
    public Duration connectTimeout() {
        return host.dialTimeout().plus(host.handshakeTimeout());
    }

    private static List<Multiaddr> listenAddresses(String[] values) {
        List<String> texts = ConfigLists.values(values);
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("listen_addresses is empty: the host needs at least one address");
        }
        List<Multiaddr> out = new ArrayList<>();
        for (String text : texts) {
            out.add(ListenAddresses.parse(text));
        }
        return out;
    }

    private static List<Multiaddr> announceAddresses(String[] values) {
        List<Multiaddr> out = new ArrayList<>();
        for (String text : ConfigLists.values(values)) {
            Multiaddr address;
            try {
                address = Multiaddr.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("announce_addresses: " + e.getMessage());
            }
            if (address.has(MultiaddrProtocol.P2P)) {
                throw new IllegalArgumentException("announce_addresses: " + text
                        + " must not contain /p2p (the host adds its own peer id)");
            }
            if (!out.contains(address)) {
                out.add(address);
            }
        }
        return out;
    }

    private static String agentVersion(String agent) {
        String a = agent == null ? "" : agent.trim();
        if (a.isEmpty() || a.length() > MAX_AGENT_LENGTH || !a.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F)) {
            throw new IllegalArgumentException("agent_version='" + agent + "' must be 1 to " + MAX_AGENT_LENGTH
                    + " printable ASCII characters");
        }
        return a;
    }

    private static int range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + "=" + value + " must be between " + min + " and " + max);
        }
        return value;
    }

    private static Duration seconds(String key, long value, long max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(key + "=" + value + " must be between 1 and " + max + " seconds");
        }
        return Duration.ofSeconds(value);
    }
}
