package org.olocus.discovery.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.DiscoveryContext;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerSink;
import org.olocus.discovery.testsupport.Fixtures;
import org.olocus.discovery.testsupport.KnotServer;
import org.xbill.DNS.Name;

/** The DNS mechanism against a real Knot server on 127.0.0.1 (see {@link KnotServer}, {@link TestZone}). */
class DnsKnotTest {
    private static TestZone zone;
    private static KnotServer knot;
    private DnsDiscovery dns;

    @BeforeAll
    static void startKnot() throws Exception {
        Fixtures.require("real-server DNS tests", ".ci/setup-dns.sh", Assumptions::abort, KnotServer.TOOLS);
        zone = new TestZone();
        knot = KnotServer.start(zone.zones(), Optional.empty());
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

    private DnsDiscovery discovery(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("resolvers", new String[] {knot.resolver()});
        props.putIfAbsent("dns_timeout", 3L);
        dns = new DnsDiscovery(TestConfigs.config(props));
        dns.start(null);
        return dns;
    }

    private DomainResult lookup(DomainResult.Source source, String domain) throws Exception {
        return dns.lookup(source, Name.fromString(domain + ".")).get(10, TimeUnit.SECONDS);
    }

    private static PeerInfo peer(DomainResult r, PeerId id) {
        return r.peers().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no peer " + id + " in\n" + r));
    }

    private static List<String> addresses(PeerInfo p) {
        return p.addresses().stream().map(Multiaddr::toString).toList();
    }

    @Test
    void srvTargetsWithTxtBecomePeersWithTheirAddresses() throws Exception {
        discovery(Map.of());
        DomainResult r = lookup(DomainResult.Source.SRV, "olocus.test");
        assertTrue(r.error().isEmpty(), r.toString());
        assertEquals(Set.of(zone.alpha, zone.beta, zone.delta, zone.epsilon, zone.zeta),
                r.peers().stream().map(PeerInfo::id).collect(Collectors.toSet()), r.toString());

        PeerInfo alpha = peer(r, zone.alpha); // multi-string TXT; addr= with a matching /p2p; A and AAAA
        assertEquals(List.of("/ip4/127.0.0.11/tcp/4001", "/ip6/::1/tcp/4001"), addresses(alpha));
        assertEquals(Set.of("/olocus/1.0.0", "/ipfs/kad/1.0.0"), alpha.protocols());
        PeerInfo beta = peer(r, zone.beta); // entries spread over two TXT records
        assertEquals(List.of("/dns4/beta.olocus.test/tcp/4002", "/ip4/127.0.0.12/tcp/4002"), addresses(beta));
        assertEquals(List.of("/ip4/127.0.0.15/tcp/4005"), addresses(peer(r, zone.epsilon))); // CNAME'd target and TXT
        assertEquals(List.of("/ip6/::1/tcp/4006"), addresses(peer(r, zone.zeta))); // AAAA only

        // RFC 2782: priority 10 (alpha, beta, epsilon in weighted order) before 30 (delta) before 40 (zeta).
        List<PeerId> order = r.peers().stream().map(PeerInfo::id).toList();
        assertEquals(Set.of(zone.alpha, zone.beta, zone.epsilon), Set.copyOf(order.subList(0, 3)));
        assertEquals(List.of(zone.delta, zone.zeta), order.subList(3, 5));
    }

    @Test
    void targetsWithoutAnIdAreReportedAddressOnlyNeverGivenOne() throws Exception {
        discovery(Map.of());
        DomainResult r = lookup(DomainResult.Source.SRV, "olocus.test");
        Map<String, AddressOnlyTarget> byTarget = r.addressOnly().stream()
                .collect(Collectors.toMap(AddressOnlyTarget::target, a -> a));
        assertEquals(Set.of("gamma.olocus.test.:4003", "eta.olocus.test.:4007"), byTarget.keySet(), r.toString());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.13/tcp/4003")), byTarget.get("gamma.olocus.test.:4003").addresses());
        assertTrue(byTarget.get("gamma.olocus.test.:4003").reason().startsWith("no TXT"));
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.17/tcp/4007")), byTarget.get("eta.olocus.test.:4007").addresses());
        assertEquals(7, r.peers().size() + r.addressOnly().size());
        String status = dns.status().toString();
        assertTrue(status.contains("gamma.olocus.test.:4003"), status);
        assertTrue(status.contains("eta.olocus.test.:4007"), status);
    }

    @Test
    void malformedTxtEntriesAreSkippedCountedAndTheRestIsUsed() throws Exception {
        discovery(Map.of());
        DomainResult r = lookup(DomainResult.Source.SRV, "olocus.test");
        PeerInfo delta = peer(r, zone.delta);
        assertEquals(List.of("/ip4/127.0.0.14/tcp/4004"), addresses(delta));
        Map<String, Long> skipped = dns.status().skipped();
        assertEquals(1L, skipped.get("unknown key"), skipped.toString());
        assertEquals(2L, skipped.get("malformed entry"), skipped.toString()); // "garbage" and the non-UTF-8 bytes
        assertEquals(1L, skipped.get("bad addr"), skipped.toString());
        assertEquals(1L, skipped.get("bad peer_id"), skipped.toString()); // eta
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("999")), r.problems().toString());
    }

    @Test
    void cacheHonoursTheTtlAndSeesALiveChangeOnlyAfterItExpires() throws Exception {
        discovery(Map.of());
        DomainResult first = lookup(DomainResult.Source.SRV, "ttl.olocus.test");
        assertEquals(List.of(zone.ttlFirst), first.peers().stream().map(PeerInfo::id).toList());
        long sent = dns.status().queriesSent();

        knot.replace(TestZone.ZONE, "_olocus-peer.live.ttl", "TXT", 2, "\"peer_id=" + zone.ttlSecond + "\"");
        DomainResult cached = lookup(DomainResult.Source.SRV, "ttl.olocus.test");
        assertEquals(List.of(zone.ttlFirst), cached.peers().stream().map(PeerInfo::id).toList(), "served from cache");
        assertEquals(sent, dns.status().queriesSent(), "a cached lookup sends nothing");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        DomainResult later;
        do {
            Thread.sleep(200);
            later = lookup(DomainResult.Source.SRV, "ttl.olocus.test");
        } while (later.peers().get(0).id().equals(zone.ttlFirst) && System.nanoTime() < deadline);
        assertEquals(List.of(zone.ttlSecond), later.peers().stream().map(PeerInfo::id).toList(),
                "the 2 s TTL expired and the new record was fetched");
        // Only the expired TXT was asked again: the SRV and A/AAAA (TTL 300) still came from the cache.
        assertEquals(sent + 1, dns.status().queriesSent());
    }

    @Test
    void negativeAnswersAreCachedForTheSoaNegativeTtl() throws Exception {
        discovery(Map.of());
        DomainResult before = lookup(DomainResult.Source.SRV, "neg.olocus.test");
        assertEquals(1, before.addressOnly().size(), before.toString());
        String line = dns.cache().stream().filter(l -> l.startsWith("answer _olocus-peer.later.neg")).findFirst()
                .orElseThrow(() -> new AssertionError(dns.cache().toString()));
        assertTrue(line.contains("ttl=" + TestZone.NEGATIVE_TTL + "s: NXDOMAIN"), line);

        knot.replace(TestZone.ZONE, "_olocus-peer.later.neg", "TXT", 300, "\"peer_id=" + zone.negativeLater + "\"");
        Thread.sleep(2100); // longer than any positive TTL in play would allow if negatives were not cached
        DomainResult stillCached = lookup(DomainResult.Source.SRV, "neg.olocus.test");
        assertTrue(stillCached.peers().isEmpty(), "NXDOMAIN is kept for the SOA's " + TestZone.NEGATIVE_TTL + " s");

        assertTrue(new DnsCommands(dns).flush().startsWith("flushed "));
        DomainResult after = lookup(DomainResult.Source.SRV, "neg.olocus.test");
        assertEquals(List.of(zone.negativeLater), after.peers().stream().map(PeerInfo::id).toList());
    }

    @Test
    void dnsaddrResolvesRecursivelyFiltersByPeerAndStopsLoops() throws Exception {
        discovery(Map.of());
        DomainResult r = lookup(DomainResult.Source.DNSADDR, "boot.olocus.test");
        assertTrue(r.error().isEmpty(), r.toString());
        assertEquals(Set.of(zone.boot1, zone.boot2, zone.boot3),
                r.peers().stream().map(PeerInfo::id).collect(Collectors.toSet()), r.toString());
        assertEquals(List.of("/ip4/127.0.0.21/tcp/4001"), addresses(peer(r, zone.boot1)));
        assertEquals(List.of("/ip6/::1/tcp/4002"), addresses(peer(r, zone.boot2)));
        assertEquals(List.of("/ip4/127.0.0.23/tcp/4003"), addresses(peer(r, zone.boot3))); // boot4 filtered out
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.25/tcp/4005")), r.addressOnly().get(0).addresses());
        Map<String, Long> skipped = dns.status().skipped();
        assertEquals(1L, skipped.get("dnsaddr loop"), skipped.toString());
        assertEquals(1L, skipped.get("bad addr"), skipped.toString());
        assertEquals(1L, skipped.get("dnsaddr dead end"), skipped.toString());
    }

    @Test
    void dnsaddrFollowsEightLevelsAndNoMore() throws Exception {
        discovery(Map.of());
        DomainResult eight = lookup(DomainResult.Source.DNSADDR, "deepa0.olocus.test");
        assertEquals(List.of(zone.deepest8), eight.peers().stream().map(PeerInfo::id).toList(), eight.toString());
        DomainResult nine = lookup(DomainResult.Source.DNSADDR, "deepb0.olocus.test");
        assertTrue(nine.peers().isEmpty(), nine.toString());
        assertEquals(1L, dns.status().skipped().get("dnsaddr too deep"));
    }

    @Test
    void aTruncatedAnswerIsFetchedOverTcpAndBounded() throws Exception {
        discovery(Map.of());
        DomainResult r = lookup(DomainResult.Source.DNSADDR, "big.olocus.test");
        // 100 records (~9 KB) do not fit a 1280-byte UDP answer: all arrived, so TCP was used; 64 are kept.
        assertEquals(ResponseReader.MAX_RECORDS, r.peers().size(), r.toString());
        assertEquals(TestZone.BIG_DNSADDR - ResponseReader.MAX_RECORDS, dns.status().recordsOverLimit());
    }

    @Test
    void nxdomainAndServfailSurfaceAsDiscoveryExceptionsInStatus() throws Exception {
        discovery(Map.of("domains", new String[] {"nothing.olocus.test", "x.broken.test"}));
        CompletableFuture<List<PeerInfo>> round = dns.discoverPeers().toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, () -> round.get(10, TimeUnit.SECONDS));
        DiscoveryException d = assertInstanceOf(DiscoveryException.class, e.getCause());
        assertEquals(DiscoveryException.Kind.DNS, d.kind());
        DnsStatus status = dns.status();
        DomainHealth.State nx = status.domains().get("SRV nothing.olocus.test.");
        assertEquals(DiscoveryException.Kind.DNS, nx.lastError().kind());
        assertTrue(nx.lastError().getMessage().contains("NXDOMAIN"), nx.toString());
        DomainHealth.State servfail = status.domains().get("SRV x.broken.test.");
        assertTrue(servfail.lastError().getMessage().contains("SERVFAIL"), servfail.toString());

        // Next round: the NXDOMAIN comes from the negative cache, the SERVFAIL is asked again (never cached).
        long sent = dns.status().queriesSent();
        assertThrows(ExecutionException.class, () -> dns.discoverPeers().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(sent + 1, dns.status().queriesSent());
        assertEquals(2, dns.status().domains().get("SRV x.broken.test.").consecutiveFailures());
    }

    @Test
    void aRoundMergesSrvAndDnsaddrDomainsAndKeepsGoodDomainsDespiteBadOnes() throws Exception {
        discovery(Map.of("domains", new String[] {"olocus.test", "nothing.olocus.test"},
                "dnsaddr_domains", new String[] {"boot.olocus.test"}));
        List<PeerInfo> peers = dns.discoverPeers().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(Set.of(zone.alpha, zone.beta, zone.delta, zone.epsilon, zone.zeta, zone.boot1, zone.boot2,
                zone.boot3), peers.stream().map(PeerInfo::id).collect(Collectors.toSet()));
        assertNotNull(dns.status().domains().get("SRV nothing.olocus.test.").lastError());
    }

    @Test
    void shellCommandsReturnValuesAndRefuseBadArguments() throws Exception {
        discovery(Map.of());
        DnsCommands commands = new DnsCommands(dns);
        DomainResult r = commands.lookup("bench.olocus.test");
        assertEquals(3, r.peers().size());
        assertTrue(commands.cache().stream().anyMatch(l -> l.startsWith("result SRV bench.olocus.test.")));
        assertTrue(commands.status().toString().contains("SRV bench.olocus.test.: ok"), commands.status().toString());
        assertEquals(3, commands.dnsaddr("boot.olocus.test").peers().size());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> commands.lookup("bad..name"));
        assertTrue(bad.getMessage().startsWith("domain: 'bad..name' is not a domain name"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> commands.lookup(" "));
        assertTrue(commands.flush().startsWith("flushed "));
        assertTrue(commands.cache().isEmpty());
    }

    @Test
    void withAHostAddressOnlyTargetsAreDialledAndTheirProvenIdsPushed() throws Exception {
        PeerId gamma = TestPeers.newPeerId();
        FakeHost host = new FakeHost().answer("/ip4/127.0.0.13/tcp/4003", gamma); // eta (127.0.0.17) refuses
        discovery(Map.of("domains", new String[] {"olocus.test"}));
        List<PeerInfo> pushed = new CopyOnWriteArrayList<>();
        dns.bindHost(host);
        dns.start(new DiscoveryContext() {
            @Override
            public LocalPeer localPeer() {
                throw new UnsupportedOperationException("not used by DNS discovery");
            }

            @Override
            public PeerSink sink() {
                return new PeerSink() {
                    @Override
                    public void peerFound(PeerInfo peer) {
                        pushed.add(peer);
                    }

                    @Override
                    public void peerLost(PeerId peer) {
                    }
                };
            }
        });
        List<PeerInfo> first = dns.discoverPeers().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertFalse(first.stream().anyMatch(p -> p.id().equals(gamma)), "proven only once the handshake is done");
        TargetDialerTest.await(() -> !pushed.isEmpty() && dns.status().dials().failed() == 1);
        assertEquals(List.of(gamma), pushed.stream().map(PeerInfo::id).toList());
        assertEquals(List.of("/ip4/127.0.0.13/tcp/4003"), addresses(pushed.get(0)));
        assertEquals(Set.of(Multiaddr.parse("/ip4/127.0.0.13/tcp/4003"), Multiaddr.parse("/ip4/127.0.0.17/tcp/4007")),
                Set.copyOf(host.dials));

        // next round: gamma is connected, so it is in the round's result without a dial; eta is in backoff
        List<PeerInfo> second = dns.discoverPeers().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(second.stream().anyMatch(p -> p.id().equals(gamma)), second.toString());
        assertEquals(2, host.dials.size());
        String status = dns.status().toString();
        assertTrue(status.contains("address-only dials: dialled=2 proven=1 failed=1 backed_off=1"), status);
        assertTrue(status.contains("proven gamma.olocus.test.:4003 /ip4/127.0.0.13/tcp/4003 is " + gamma), status);

        // without a host the targets are only reported, as before
        dns.unbindHost(host);
        dns.discoverPeers().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(2, host.dials.size());
        assertTrue(dns.status().toString().contains("address-only dials: off (no transport host)"));
        assertEquals(2, dns.status().addressOnly().size());
    }

    @Test
    void deactivateLeavesNoThreadBehind() throws Exception {
        discovery(Map.of("domains", new String[] {"olocus.test"}));
        dns.discoverPeers().toCompletableFuture().get(10, TimeUnit.SECONDS);
        dns.deactivate();
        dns = null;
        // the pool has terminated when deactivate returns; its threads may still be a moment from exiting
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (dnsThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(dnsThreadAlive(), "an olocus-dns thread outlived deactivate");
    }

    private static boolean dnsThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("olocus-dns-") && t.isAlive());
    }
}
