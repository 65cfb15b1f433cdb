package org.olocus.discovery.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.DiscoveryException;

/**
 * A server that never answers and a port where nothing listens, both on 127.0.0.1: each round fails within
 * dns_timeout with the right {@link DiscoveryException} kind, is asked again next round, and is logged once.
 */
class DnsUnreachableServerTest {
    private DnsDiscovery dns;

    @AfterEach
    void deactivate() {
        if (dns != null) {
            dns.deactivate();
        }
    }

    private DnsDiscovery discovery(String resolver) {
        dns = new DnsDiscovery(TestConfigs.config(Map.of("resolvers", new String[] {resolver}, "dns_timeout", 1L,
                "domains", new String[] {"olocus.test"})));
        dns.start(null);
        return dns;
    }

    private static DiscoveryException failedRound(DnsDiscovery dns) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> dns.discoverPeers().toCompletableFuture().get(5, TimeUnit.SECONDS));
        return assertInstanceOf(DiscoveryException.class, e.getCause());
    }

    @Test
    void aSilentServerIsATimeoutWithinDnsTimeoutAndIsRetriedNextRound() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            discovery("127.0.0.1:" + silent.getLocalPort());
            long start = System.nanoTime();
            DiscoveryException first = failedRound(dns);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(DiscoveryException.Kind.TIMEOUT, first.kind(), first.getMessage());
            assertTrue(millis >= 900 && millis < 4000, "took " + millis + " ms for dns_timeout=1s");

            // The query itself may outlive the round by up to dnsjava's timer tick; a round during it would join it.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (dns.engineForTest().querier().inFlight() > 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            failedRound(dns);
            DnsStatus status = dns.status();
            assertEquals(2, status.queriesSent(), "the failure was not cached: asked again");
            DomainHealth.State state = status.domains().get("SRV olocus.test.");
            assertEquals(2, state.consecutiveFailures());
            assertEquals(DiscoveryException.Kind.TIMEOUT, state.lastError().kind());
        }
    }

    @Test
    void aDeadServerIsANetworkOrTimeoutFailureNotAnErrorStorm() throws Exception {
        int closed;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closed = s.getLocalPort();
        }
        discovery("127.0.0.1:" + closed);
        for (int round = 0; round < 3; round++) {
            DiscoveryException e = failedRound(dns);
            assertTrue(e.kind() == DiscoveryException.Kind.NETWORK || e.kind() == DiscoveryException.Kind.TIMEOUT,
                    e.getMessage());
        }
        DnsStatus status = dns.status();
        assertEquals(3, status.queriesSent());
        assertEquals(3, status.domains().get("SRV olocus.test.").consecutiveFailures());
        assertTrue(status.toString().contains("FAILING x3"), status.toString());
    }
}
