package org.olocus.discovery.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class MdnsSettingsTest {
    @Test
    void serviceTypeIsNormalised() {
        assertEquals("_olocus._tcp.local.", MdnsSettings.normalizeServiceType("_olocus._tcp"));
        assertEquals("_olocus._tcp.local.", MdnsSettings.normalizeServiceType("_OLOCUS._tcp.local"));
        assertThrows(IllegalArgumentException.class, () -> MdnsSettings.normalizeServiceType("olocus"));
    }

    @Test
    void badValuesNameTheirKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> MdnsSettings.defaults().withPort(-1));
        assertEquals("port must be in 0..65535, not -1", e.getMessage());
    }

    @Test
    void libp2pCompatAddsItsServiceType() {
        assertEquals(List.of("_olocus._tcp.local.", "_p2p._udp.local."), MdnsSettings.defaults().serviceTypes());
        assertEquals(List.of("_olocus._tcp.local."), MdnsSettings.defaults().withLibp2pCompat(false).serviceTypes());
    }

    @Test
    void interfacesFromACfgFileMaySeparateWithCommas() {
        assertEquals(List.of("eth0", "10.0.0.5"),
                MdnsSettings.defaults().withInterfaces(List.of(" eth0, 10.0.0.5 ")).interfaces());
    }
}
