package org.olocus.discovery.transport.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.connection.ConnectionLimits;
import org.olocus.discovery.transport.internal.connection.HostConfig;
import org.olocus.discovery.transport.internal.yamux.YamuxSession;

/** Validation of PID org.olocus.discovery.transport: defaults, every bad key named with its value. */
class TransportSettingsTest {
    @Test
    void defaultsAreTheIssuesValues() {
        TransportSettings s = TransportSettings.from(TransportTestSupport.config(Map.of()));
        assertEquals(List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"), Multiaddr.parse("/ip6/::/tcp/4001")),
                s.listenAddresses());
        assertEquals(List.of(), s.announceAddresses());
        HostConfig h = s.host();
        assertEquals(Duration.ofSeconds(10), h.handshakeTimeout());
        assertEquals(Duration.ofSeconds(5), h.dialTimeout());
        assertEquals(2, h.ioThreads());
        assertEquals("olocus/0.1.0", h.agentVersion());
        assertEquals(new ConnectionLimits(50, 50, 2, 64, 96, Duration.ofSeconds(120), Duration.ofSeconds(5),
                Duration.ofSeconds(300), 256, Duration.ofSeconds(30)), h.limits());
        assertEquals(Duration.ofSeconds(15), s.connectTimeout());
    }

    @Test
    void everyKeyIsTaken() {
        TransportSettings s = TransportSettings.from(TransportTestSupport.config(Map.ofEntries(
                Map.entry("listen_addresses", new String[] {"/ip4/127.0.0.1/tcp/0"}),
                Map.entry("announce_addresses", new String[] {"/dns4/node.example/tcp/4001"}),
                Map.entry("max_inbound", 7), Map.entry("max_outbound", 8),
                Map.entry("max_connections_per_peer", 3), Map.entry("low_water", 10), Map.entry("high_water", 20),
                Map.entry("idle_timeout", 11L), Map.entry("dial_timeout", 2L), Map.entry("handshake_timeout", 3L),
                Map.entry("dial_backoff", 4L), Map.entry("max_dial_backoff", 40L),
                Map.entry("max_pending_handshakes", 12), Map.entry("keep_alive_interval", 6L),
                Map.entry("io_threads", 1), Map.entry("agent_version", "test/1"))));
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), s.listenAddresses());
        assertEquals(List.of(Multiaddr.parse("/dns4/node.example/tcp/4001")), s.announceAddresses());
        assertEquals(new HostConfig(Duration.ofSeconds(3), Duration.ofSeconds(2), 1, YamuxSession.Config.defaults(),
                "test/1", new ConnectionLimits(7, 8, 3, 10, 20, Duration.ofSeconds(11), Duration.ofSeconds(4),
                        Duration.ofSeconds(40), 12, Duration.ofSeconds(6))), s.host());
    }

    @Test
    void aCfgFileListIsOneCommaSeparatedString() {
        TransportSettings s = TransportSettings.from(TransportTestSupport.config(Map.of("listen_addresses",
                new String[] {"/ip4/127.0.0.1/tcp/0, /ip6/::1/tcp/0,/ip4/127.0.0.1/tcp/0"})));
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), Multiaddr.parse("/ip6/::1/tcp/0")),
                s.listenAddresses(), "split, trimmed, duplicates removed");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "max_inbound|-1|max_inbound=-1",
        "max_outbound|100001|max_outbound=100001",
        "max_connections_per_peer|0|max_connections_per_peer=0",
        "low_water|-5|low_water=-5",
        "high_water|0|high_water=0",
        "high_water|10|high_water=10 must not be below low_water=64",
        "idle_timeout|0|idle_timeout=0",
        "dial_timeout|-1|dial_timeout=-1",
        "handshake_timeout|3601|handshake_timeout=3601",
        "dial_backoff|0|dial_backoff=0",
        "max_dial_backoff|2|max_dial_backoff=2 must not be below dial_backoff=5",
        "max_pending_handshakes|0|max_pending_handshakes=0",
        "keep_alive_interval|0|keep_alive_interval=0",
        "io_threads|0|io_threads=0",
        "io_threads|65|io_threads=65",
        "agent_version|'  '|agent_version=",
    })
    void aBadNumberOrAgentIsNamed(String key, String value, String expected) {
        Object typed = switch (key) {
            case "agent_version" -> value;
            case "idle_timeout", "dial_timeout", "handshake_timeout", "dial_backoff", "max_dial_backoff",
                    "keep_alive_interval" -> Long.parseLong(value);
            default -> Integer.parseInt(value);
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransportSettings.from(TransportTestSupport.config(Map.of(key, typed))));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void anAgentWithControlCharactersIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransportSettings.from(
                TransportTestSupport.config(Map.of("agent_version", "x\u0007y"))));
        assertTrue(e.getMessage().startsWith("agent_version="), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/dns4/example.com/tcp/4001|must be /ip4/<address>/tcp/<port> or /ip6/<address>/tcp/<port>",
        "/ip4/127.0.0.1/udp/4001|must be /ip4",
        "/ip4/127.0.0.1|must be /ip4",
        "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA|must be /ip4",
        "/ip4/300.0.0.1/tcp/4001|bad ip4 value",
        "ip4/127.0.0.1/tcp/1|must begin with '/'",
        "/ip4/127.0.0.1/tcp/70000|port 70000 exceeds 65535",
    })
    void aBadListenAddressIsNamed(String address, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransportSettings.from(
                TransportTestSupport.config(Map.of("listen_addresses", new String[] {address}))));
        assertTrue(e.getMessage().startsWith("listen_addresses: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void noListenAddressIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransportSettings.from(
                TransportTestSupport.config(Map.of("listen_addresses", new String[] {" , "}))));
        assertTrue(e.getMessage().startsWith("listen_addresses is empty"), e.getMessage());
    }

    @Test
    void badAnnounceAddressesAreNamed() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> TransportSettings.from(
                TransportTestSupport.config(Map.of("announce_addresses", new String[] {"/ip4/1.2.3/tcp/1"}))));
        assertTrue(bad.getMessage().startsWith("announce_addresses: bad ip4 value"), bad.getMessage());
        IllegalArgumentException p2p = assertThrows(IllegalArgumentException.class, () -> TransportSettings.from(
                TransportTestSupport.config(Map.of("announce_addresses", new String[] {
                    "/ip4/1.2.3.4/tcp/1/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"}))));
        assertTrue(p2p.getMessage().contains("must not contain /p2p"), p2p.getMessage());
    }
}
