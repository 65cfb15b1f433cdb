package org.olocus.discovery.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.testsupport.Fixtures;
import org.olocus.discovery.testsupport.KnotServer;
import org.xbill.DNS.Name;

/** RFC 2136 announce against Knot with a TSIG key: publish, find ourselves through discovery, withdraw. */
class DnsAnnounceKnotTest {
    private static final String ZONE = "announce.test";
    private static final String SECRET = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    private static KnotServer knot;
    private DnsDiscovery dns;

    @BeforeAll
    static void startKnot() throws Exception {
        Fixtures.require("real-server DNS tests", ".ci/setup-dns.sh", Assumptions::abort, KnotServer.TOOLS);
        String zone = "$ORIGIN " + ZONE + ".\n$TTL 60\n@ SOA ns hostmaster 1 3600 600 86400 1\n@ NS ns\nns A 127.0.0.1\n";
        knot = KnotServer.start(Map.of(ZONE, zone),
                Optional.of(new KnotServer.UpdateKey("olocus-update", "hmac-sha256", SECRET)));
    }

    @AfterAll
    static void stopKnot() {
        if (knot != null) {
            knot.close();
        }
    }

    @AfterEach
    void deactivate() {
        if (dns != null) {
            dns.deactivate();
        }
    }

    private DnsDiscovery discovery(String secret) {
        Map<String, Object> props = new HashMap<>();
        props.put("resolvers", new String[] {knot.resolver()});
        props.put("domains", new String[] {ZONE});
        props.put("dns_timeout", 3L);
        if (secret != null) {
            props.put("update_server", knot.resolver());
            props.put("update_zone", ZONE);
            props.put("tsig_key_name", "olocus-update");
            props.put("tsig_secret", secret);
            props.put("announce_host", "self");
        }
        dns = new DnsDiscovery(TestConfigs.config(props));
        dns.start(null);
        return dns;
    }

    private DomainResult lookup() throws Exception {
        dns.flush();
        return dns.lookup(DomainResult.Source.SRV, Name.fromString(ZONE + ".")).get(10, TimeUnit.SECONDS);
    }

    private static PeerInfo self() {
        PeerId id = TestPeers.newPeerId();
        return PeerInfo.discovered(id, List.of(Multiaddr.parse("/ip4/127.0.0.99/tcp/4999"),
                Multiaddr.parse("/ip6/::1/tcp/4999")), DiscoveryType.MANUAL).withProtocols(Set.of("/olocus/1.0.0"));
    }

    @Test
    void announcePublishesSrvTxtAndAddressesAndStopWithdrawsThem() throws Exception {
        discovery(SECRET);
        PeerInfo self = self();
        dns.announceSelf(self).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(dns.status().announce().startsWith("published 4 records"), dns.status().announce());

        DomainResult found = lookup();
        assertEquals(List.of(self.id()), found.peers().stream().map(PeerInfo::id).toList(), found.toString());
        PeerInfo seen = found.peers().get(0);
        assertEquals(self.addresses(), seen.addresses());
        assertEquals(Set.of("/olocus/1.0.0"), seen.protocols());

        dns.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        DomainResult gone = lookup();
        assertTrue(gone.peers().isEmpty(), gone.toString());
        assertTrue(gone.error().isPresent(), "no SRV left after the withdraw");
        assertEquals("withdrawn", dns.status().announce());
    }

    @Test
    void aWrongTsigKeyIsRefusedAndReported() throws Exception {
        discovery(Base64.getEncoder().encodeToString(new byte[32]));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> dns.announceSelf(self()).toCompletableFuture().get(10, TimeUnit.SECONDS));
        DiscoveryException d = assertInstanceOf(DiscoveryException.class, e.getCause());
        assertEquals(DiscoveryException.Kind.DNS, d.kind());
        assertTrue(dns.status().announce().startsWith("FAILED"), dns.status().announce());
        assertTrue(lookup().peers().isEmpty());
    }

    @Test
    void withoutAnUpdateServerAnnounceDoesNothingAndSaysSo() throws Exception {
        discovery(null);
        dns.announceSelf(self()).toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertTrue(dns.status().announce().startsWith("off: no update_server"), dns.status().announce());
        assertTrue(lookup().peers().isEmpty());
    }
}
