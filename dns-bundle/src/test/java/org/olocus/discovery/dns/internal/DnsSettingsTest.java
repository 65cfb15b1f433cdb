package org.olocus.discovery.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class DnsSettingsTest {
    private static DnsSettings settings(Map<String, Object> p) {
        return DnsSettings.from(TestConfigs.config(p));
    }

    private static String refusal(Map<String, Object> p) {
        return assertThrows(IllegalArgumentException.class, () -> settings(p)).getMessage();
    }

    @Test
    void theComponentStartsFromTheAnnotationsDefaults() {
        assertEquals(settings(Map.of()), DnsDiscovery.DEFAULTS);
    }

    @Test
    void defaultsFollowTheSpecAndQueryNothing() {
        DnsSettings s = settings(Map.of());
        assertEquals(5, s.timeout().toSeconds());
        assertEquals(300, s.cacheTtl().toSeconds());
        assertTrue(s.domains().isEmpty() && s.dnsaddrDomains().isEmpty() && s.resolvers().isEmpty());
        assertTrue(s.update().isEmpty());
        assertEquals(Name.fromConstantString("_olocus._tcp.example.org."),
                s.srvName(Name.fromConstantString("example.org.")));
    }

    @Test
    void resolversTakeHostPortAndBracketedIpv6() {
        DnsSettings s = settings(Map.of("resolvers", new String[] {"127.0.0.1:5300", "[::1]:5301", "::1", "127.0.0.2"}));
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5300), new InetSocketAddress("::1", 5301),
                new InetSocketAddress("::1", 53), new InetSocketAddress("127.0.0.2", 53)), s.resolvers());
    }

    @Test
    void aCfgFileStringWithCommasIsAList() {
        DnsSettings s = settings(Map.of("domains", new String[] {"a.test, b.test c.test"},
                "resolvers", new String[] {"127.0.0.1:5300,127.0.0.1:5301"}));
        assertEquals(List.of(Name.fromConstantString("a.test."), Name.fromConstantString("b.test."),
                Name.fromConstantString("c.test.")), s.domains());
        assertEquals(2, s.resolvers().size());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertTrue(refusal(Map.of("dns_timeout", 0L)).startsWith("dns_timeout must be"));
        assertTrue(refusal(Map.of("cache_ttl", -1L)).startsWith("cache_ttl must be"));
        assertTrue(refusal(Map.of("resolvers", new String[] {"127.0.0.1:99999"})).startsWith("resolvers: bad port"));
        assertTrue(refusal(Map.of("domains", new String[] {"a..b"})).startsWith("domains: 'a..b' is not a domain"));
        assertTrue(refusal(Map.of("service_name", "bad label")).startsWith("service_name:"));
        assertTrue(refusal(Map.of("update_server", "127.0.0.1:53")).contains("tsig_key_name or tsig_secret"));
        assertTrue(refusal(Map.of("update_server", "127.0.0.1:53", "update_zone", "x.test", "tsig_key_name", "k",
                "tsig_secret", "not base64!")).startsWith("tsig_secret is not base64"));
        assertTrue(refusal(Map.of("update_server", "127.0.0.1:53", "update_zone", "x.test", "tsig_key_name", "k",
                "tsig_secret", "AAAA", "tsig_algorithm", "md5")).startsWith("tsig_algorithm"));
    }

    @Test
    void aRefusedConfigurationKeepsThePreviousOneAndIsShownInStatus() {
        DnsDiscovery dns = new DnsDiscovery(TestConfigs.config(Map.of("domains", new String[] {"good.test"})));
        try {
            dns.modified(TestConfigs.config(Map.of("domains", new String[] {"good.test"}, "dns_timeout", -5L)));
            DnsStatus status = dns.status();
            assertTrue(status.configError().startsWith("dns_timeout must be"), status.configError());
            assertTrue(status.settings().contains("domains=[good.test.]"), status.settings());
            assertTrue(status.toString().contains("CONFIG ERROR: dns_timeout"), status.toString());
        } finally {
            dns.deactivate();
        }
    }
}
