package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;

class PeerMergeTest {
    private static final PeerId ID = TestPeers.ed25519Id();

    private static PeerInfo info(List<Multiaddr> addresses, Set<String> protocols, long seenSeconds,
            ConnectionStatus status, ConnectionDirection direction, double reputation, Set<DiscoveryType> sources) {
        return new PeerInfo(ID, addresses, protocols, TestPeers.T0.plusSeconds(seenSeconds), status, direction,
                reputation, sources);
    }

    private static PeerInfo seen(long seconds) {
        return info(List.of(TestPeers.address(1)), Set.of(), seconds, ConnectionStatus.UNKNOWN,
                ConnectionDirection.NONE, 0, Set.of(DiscoveryType.DHT));
    }

    private static List<Multiaddr> ports(int from, int to) {
        List<Multiaddr> out = new ArrayList<>();
        for (int p = from; p < to; p++) {
            out.add(TestPeers.address(p));
        }
        return out;
    }

    @Test
    void sameReportChangesNothingAndReturnsTheStoredInstance() {
        PeerInfo existing = seen(10);
        assertSame(existing, PeerMerge.merge(existing, seen(10)));
        assertSame(existing, PeerMerge.merge(existing, seen(5)));
    }

    @Test
    void addressesAreUnionedStoredFirst() {
        PeerInfo existing = seen(0).withAddresses(List.of(TestPeers.address(1), TestPeers.address(2)));
        PeerInfo merged = PeerMerge.merge(existing, seen(1).withAddresses(List.of(TestPeers.address(3),
                TestPeers.address(1))));
        assertEquals(List.of(TestPeers.address(1), TestPeers.address(2), TestPeers.address(3)), merged.addresses());
    }

    @Test
    void overTheBoundTheOldestAddressesNotInTheNewReportAreDropped() {
        PeerInfo existing = seen(0).withAddresses(ports(1, 33)); // 32, ports 1..32
        List<Multiaddr> report = new ArrayList<>(ports(100, 104)); // 4 new
        report.add(TestPeers.address(1)); // the oldest stored, repeated: kept
        PeerInfo merged = PeerMerge.merge(existing, seen(1).withAddresses(report));
        List<Multiaddr> expected = new ArrayList<>();
        expected.add(TestPeers.address(1));
        expected.addAll(ports(6, 33)); // 2..5 dropped
        expected.addAll(ports(100, 104));
        assertEquals(expected, merged.addresses());
        assertEquals(PeerBounds.MAX_ADDRESSES, merged.addresses().size());
    }

    @Test
    void aReportWithTooManyAddressesKeepsItsFirst32() {
        PeerInfo admitted = PeerMerge.admit(seen(0).withAddresses(ports(1, 50)));
        assertEquals(ports(1, 33), admitted.addresses());
        PeerInfo merged = PeerMerge.merge(seen(0).withAddresses(ports(200, 210)), seen(1).withAddresses(
                ports(1, 50)));
        assertEquals(ports(1, 33), merged.addresses());
    }

    @Test
    void emptyAddressesAreDropped() {
        Multiaddr onlyId = Multiaddr.parse("/p2p/" + ID.toBase58()); // becomes the empty address in PeerInfo
        PeerInfo admitted = PeerMerge.admit(seen(0).withAddresses(List.of(onlyId, TestPeers.address(1))));
        assertEquals(List.of(TestPeers.address(1)), admitted.addresses());
    }

    @Test
    void protocolsAreUnionedAndBounded() {
        PeerInfo existing = seen(0).withProtocols(Set.of("/ipfs/kad/1.0.0"));
        PeerInfo merged = PeerMerge.merge(existing, seen(1).withProtocols(Set.of("/ipfs/ping/1.0.0")));
        assertEquals(Set.of("/ipfs/kad/1.0.0", "/ipfs/ping/1.0.0"), merged.protocols());

        Set<String> many = new HashSet<>();
        for (int i = 0; i < 70; i++) {
            many.add("/old/" + (100 + i));
        }
        PeerInfo full = PeerMerge.admit(seen(0).withProtocols(many));
        assertEquals(PeerBounds.MAX_PROTOCOLS, full.protocols().size());
        PeerInfo updated = PeerMerge.merge(full, seen(1).withProtocols(Set.of("/new/1")));
        assertEquals(PeerBounds.MAX_PROTOCOLS, updated.protocols().size());
        assertTrue(updated.protocols().contains("/new/1"), "the newest report's protocol is kept");
    }

    @Test
    void overlongProtocolIdsAreDropped() {
        String longId = "/" + "x".repeat(PeerBounds.MAX_PROTOCOL_BYTES);
        String wideId = "/" + "é".repeat(128); // 257 UTF-8 bytes in 129 chars
        PeerInfo admitted = PeerMerge.admit(seen(0).withProtocols(Set.of(longId, wideId, "/ok/1")));
        assertEquals(Set.of("/ok/1"), admitted.protocols());
    }

    @Test
    void lastSeenIsTheLater() {
        assertEquals(TestPeers.T0.plusSeconds(9), PeerMerge.merge(seen(9), seen(3)).lastSeen());
        assertEquals(TestPeers.T0.plusSeconds(9), PeerMerge.merge(seen(3), seen(9)).lastSeen());
    }

    @Test
    void sourcesAreUnioned() {
        PeerInfo merged = PeerMerge.merge(seen(0), seen(0).withSources(Set.of(DiscoveryType.MDNS)));
        assertEquals(Set.of(DiscoveryType.DHT, DiscoveryType.MDNS), merged.sources());
    }

    @Test
    void connectionStateComesFromANewerKnownReport() {
        PeerInfo connected = seen(5).withStatus(ConnectionStatus.CONNECTED, ConnectionDirection.INBOUND);
        // newer report without connection knowledge: kept
        assertEquals(ConnectionStatus.CONNECTED, PeerMerge.merge(connected, seen(9)).status());
        // older report that knows a state: kept
        PeerInfo olderDisconnect = seen(1).withStatus(ConnectionStatus.DISCONNECTED, ConnectionDirection.NONE);
        assertEquals(ConnectionStatus.CONNECTED, PeerMerge.merge(connected, olderDisconnect).status());
        // equally recent report that knows a state: taken, direction too
        PeerInfo disconnect = seen(5).withStatus(ConnectionStatus.DISCONNECTED, ConnectionDirection.NONE);
        PeerInfo merged = PeerMerge.merge(connected, disconnect);
        assertEquals(ConnectionStatus.DISCONNECTED, merged.status());
        assertEquals(ConnectionDirection.NONE, merged.direction());
    }

    @Test
    void aReportedReputationOtherThanZeroAndTheStoredOneIsTaken() {
        PeerInfo existing = seen(0).withReputation(10);
        assertEquals(-20, PeerMerge.merge(existing, seen(1).withReputation(-20)).reputation());
        assertEquals(10, PeerMerge.merge(existing, seen(1).withReputation(0)).reputation(), "0 means no opinion");
    }

    @Test
    void aNewSourceAddsOneToReputationCappedAt100() {
        PeerInfo existing = seen(0).withReputation(10);
        PeerInfo twoNewSources = seen(1).withSources(Set.of(DiscoveryType.MDNS, DiscoveryType.GOSSIP));
        assertEquals(12, PeerMerge.merge(existing, twoNewSources).reputation());
        assertEquals(10, PeerMerge.merge(existing, seen(1)).reputation(), "a known source adds nothing");
        assertEquals(100, PeerMerge.merge(seen(0).withReputation(99.5), twoNewSources).reputation());
        assertEquals(100, PeerMerge.reputation(100, 0, 3));
        // equal to the stored value: treated as no new opinion, so the bonus applies
        assertEquals(11, PeerMerge.merge(existing, seen(1).withReputation(10).withSources(
                Set.of(DiscoveryType.DNS))).reputation());
    }

    @Test
    void peersOfDifferentIdsAreNotMerged() {
        PeerInfo other = TestPeers.peer(TestPeers.ed25519Id(), TestPeers.T0);
        assertThrows(IllegalArgumentException.class, () -> PeerMerge.merge(seen(0), other));
    }
}
