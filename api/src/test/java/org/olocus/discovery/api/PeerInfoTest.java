package org.olocus.discovery.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.olocus.discovery.api.PeerIdMalformedTest.assertRefused;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PeerInfo: normalisation in the constructor, and construction from a multiaddr. */
class PeerInfoTest {
    private static final PeerId ID = PeerId.fromString(Vectors.GO_ED25519_BASE58);
    private static final String OTHER = Vectors.GO_SHA256_BASE58;

    static Multiaddr ma(String text) {
        return Multiaddr.parse(text);
    }

    static PeerInfo withAddresses(List<Multiaddr> addresses) {
        return new PeerInfo(ID, addresses, null, null, null, null, 0, null);
    }

    @Test
    void addressesLoseTheirTrailingPeerIdAndDuplicatesInInsertionOrder() {
        PeerInfo info = withAddresses(List.of(
                ma("/ip4/1.2.3.4/tcp/4001/p2p/" + ID),
                ma("/ip6/::1/udp/4001/quic-v1"),
                ma("/ip4/1.2.3.4/tcp/4001"),
                ma("/ip6/::1/udp/4001/quic-v1/p2p/" + ID),
                ma("/dns4/a.example/tcp/443/wss")));
        assertEquals(List.of(ma("/ip4/1.2.3.4/tcp/4001"), ma("/ip6/::1/udp/4001/quic-v1"),
                ma("/dns4/a.example/tcp/443/wss")), info.addresses());
    }

    @Test
    void relayAddressesKeepTheRelayId() {
        PeerInfo info = withAddresses(List.of(ma("/ip4/1.2.3.4/tcp/1/p2p/" + OTHER + "/p2p-circuit/p2p/" + ID)));
        assertEquals(List.of(ma("/ip4/1.2.3.4/tcp/1/p2p/" + OTHER + "/p2p-circuit")), info.addresses());
    }

    @Test
    void anAddressThatIsOnlyAPeerIdLeavesNoEmptyAddress() {
        PeerInfo info = withAddresses(List.of(ma("/p2p/" + ID), ma("/ip4/1.2.3.4/tcp/1")));
        assertEquals(List.of(ma("/ip4/1.2.3.4/tcp/1")), info.addresses());
    }

    @Test
    void collectionsAreImmutableCopies() {
        List<Multiaddr> addresses = new ArrayList<>(List.of(ma("/ip4/1.2.3.4/tcp/1")));
        Set<String> protocols = new HashSet<>(Set.of("/ipfs/id/1.0.0"));
        Set<DiscoveryType> sources = EnumSet.of(DiscoveryType.MDNS);
        PeerInfo info = new PeerInfo(ID, addresses, protocols, Instant.EPOCH, ConnectionStatus.CONNECTED,
                ConnectionDirection.INBOUND, 0, sources);
        addresses.add(ma("/ip4/5.6.7.8/tcp/1"));
        protocols.add("/other/1");
        sources.add(DiscoveryType.DHT);
        assertEquals(1, info.addresses().size());
        assertEquals(Set.of("/ipfs/id/1.0.0"), info.protocols());
        assertEquals(Set.of(DiscoveryType.MDNS), info.sources());
        assertThrows(UnsupportedOperationException.class, () -> info.addresses().add(ma("/tcp/1")));
        assertThrows(UnsupportedOperationException.class, () -> info.protocols().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> info.sources().add(DiscoveryType.DNS));
    }

    @Test
    void nullsBecomeDefaults() {
        PeerInfo info = new PeerInfo(ID, null, null, null, null, null, 0, null);
        assertEquals(List.of(), info.addresses());
        assertEquals(Set.of(), info.protocols());
        assertEquals(Instant.EPOCH, info.lastSeen());
        assertEquals(ConnectionStatus.UNKNOWN, info.status());
        assertEquals(ConnectionDirection.NONE, info.direction());
        assertEquals(Set.of(), info.sources());
        assertFalse(info.isConnected());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "0, 0",
        "42.5, 42.5",
        "100, 100",
        "100.0001, 100",
        "1e9, 100",
        "Infinity, 100",
        "-100, -100",
        "-250, -100",
        "-Infinity, -100",
    })
    void reputationIsClamped(double given, double stored) {
        assertEquals(stored, new PeerInfo(ID, null, null, null, null, null, given, null).reputation());
        assertEquals(stored, withAddresses(null).withReputation(given).reputation());
    }

    @Test
    void badArgumentsAreRefused() {
        assertRefused(() -> new PeerInfo(ID, null, null, null, null, null, Double.NaN, null), "reputation");
        assertRefused(() -> new PeerInfo(null, null, null, null, null, null, 0, null), "id");
    }

    @Test
    void fromMultiaddrSplitsIdAndTransport() {
        PeerInfo info = PeerInfo.fromMultiaddr(ma("/dns4/a.example/tcp/4001/p2p/" + ID), DiscoveryType.BOOTSTRAP);
        assertEquals(ID, info.id());
        assertEquals(List.of(ma("/dns4/a.example/tcp/4001")), info.addresses());
        assertEquals(Set.of(DiscoveryType.BOOTSTRAP), info.sources());
        assertEquals(ConnectionStatus.UNKNOWN, info.status());
        assertEquals(0, info.reputation());

        PeerInfo bare = PeerInfo.fromMultiaddr(ma("/p2p/" + ID), DiscoveryType.MANUAL);
        assertEquals(ID, bare.id());
        assertEquals(List.of(), bare.addresses());
    }

    @Test
    void fromMultiaddrWithoutAPeerIdNamesTheAddress() {
        assertRefused(() -> PeerInfo.fromMultiaddr(ma("/ip4/1.2.3.4/tcp/4001"), DiscoveryType.DHT),
                "/ip4/1.2.3.4/tcp/4001", "/p2p/<peer id>");
        // a /p2p that is not the last component names a relay, not the peer
        assertRefused(() -> PeerInfo.fromMultiaddr(ma("/p2p/" + OTHER + "/p2p-circuit"), DiscoveryType.DHT),
                "/p2p-circuit", "/p2p/<peer id>");
    }

    @Test
    void withersChangeOneField() {
        PeerInfo info = PeerInfo.discovered(ID, List.of(ma("/ip4/1.2.3.4/tcp/1")), DiscoveryType.MDNS);
        assertTrue(info.withStatus(ConnectionStatus.CONNECTING, ConnectionDirection.OUTBOUND).isConnected());
        assertTrue(info.withStatus(ConnectionStatus.CONNECTED, ConnectionDirection.INBOUND).isConnected());
        assertFalse(info.withStatus(ConnectionStatus.FAILED, ConnectionDirection.NONE).isConnected());
        assertEquals(List.of(ma("/ip6/::1/tcp/2")),
                info.withAddresses(List.of(ma("/ip6/::1/tcp/2/p2p/" + ID))).addresses());
        assertEquals(Instant.EPOCH, info.withLastSeen(Instant.EPOCH).lastSeen());
        assertEquals(Set.of("/a/1"), info.withProtocols(Set.of("/a/1")).protocols());
        assertEquals(Set.of(DiscoveryType.DNS), info.withSources(Set.of(DiscoveryType.DNS)).sources());
        assertEquals(info.addresses(), info.withReputation(5).addresses());
    }
}
