package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;

class CoordinatorSettingsTest {
    @Test
    void announceAddressesFromACfgFileAreSplitAtCommas() {
        CoordinatorSettings s = CoordinatorSettings.from(TestConfigs.coordinator(Map.of("announce_addresses",
                new String[] {"/ip4/127.0.0.1/tcp/4001, /ip6/::1/tcp/4001", "/dns4/node.example/tcp/4001"})));
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4001"),
                Multiaddr.parse("/dns4/node.example/tcp/4001")), s.announceAddresses());
    }

    @Test
    void eachBadValueIsNamedWithItsKey() {
        for (Map.Entry<String, Object> bad : Map.<String, Object>of("discovery_interval", 0L, "query_timeout", -1L,
                "max_peers_per_mechanism", 0, "refresh_interval", -3L, "peer_timeout", 0L).entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CoordinatorSettings.from(TestConfigs.coordinator(Map.of(bad.getKey(), bad.getValue()))));
            assertTrue(e.getMessage().startsWith(bad.getKey() + "=" + bad.getValue()), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoordinatorSettings.from(TestConfigs.coordinator(Map.of("announce_addresses",
                        new String[] {"/ip4/1.2.3.4/tcp/70000"}))));
        assertTrue(e.getMessage().contains("announce_addresses") && e.getMessage().contains("70000"), e.getMessage());
    }
}
