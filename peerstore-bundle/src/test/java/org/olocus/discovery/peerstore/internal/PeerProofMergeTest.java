package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.StoreUpdate;

/** How proof, agent and proven addresses merge, and how a store forgets addresses. */
class PeerProofMergeTest {
    private static final PeerId ID = TestPeers.ed25519Id();
    private static final Multiaddr A = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
    private static final Multiaddr B = Multiaddr.parse("/ip4/10.0.0.2/tcp/4001");
    private static final Instant T1 = TestPeers.T0.plusSeconds(1);
    private static final Instant T2 = TestPeers.T0.plusSeconds(2);

    private static PeerInfo claim(Instant seen, Multiaddr... addresses) {
        return new PeerInfo(ID, List.of(addresses), Set.of(), seen, ConnectionStatus.UNKNOWN,
                ConnectionDirection.NONE, 0, Set.of(DiscoveryType.MDNS));
    }

    @Test
    void aLaterClaimKeepsTheProof() {
        PeerInfo proven = claim(T1, A).withProof(T1, List.of(A)).withAgentVersion("olocus/0.1.0");
        PeerInfo merged = PeerMerge.merge(proven, claim(T2, B));
        assertEquals(Optional.of(T1), merged.provenAt());
        assertEquals(List.of(A), merged.provenAddresses());
        assertEquals(List.of(A, B), merged.addresses());
        assertEquals("olocus/0.1.0", merged.agentVersion());
    }

    @Test
    void theLaterProofWinsAndProvenAddressesUnite() {
        PeerInfo first = claim(T1, A, B).withProof(T1, List.of(A));
        PeerInfo merged = PeerMerge.merge(first, claim(T2).withProof(T2, List.of(B)).withAgentVersion("js/3"));
        assertEquals(Optional.of(T2), merged.provenAt());
        assertEquals(List.of(A, B), merged.provenAddresses());
        assertEquals("js/3", merged.agentVersion());
        // an older proof changes nothing
        assertSame(merged, PeerMerge.merge(merged, claim(T1).withProof(T1, List.of(A))));
    }

    @Test
    void anOlderReportDoesNotReplaceAKnownAgent() {
        PeerInfo known = claim(T2, A).withAgentVersion("new/2");
        assertEquals("new/2", PeerMerge.merge(known, claim(T1, A).withAgentVersion("old/1")).agentVersion());
    }

    @Test
    void forgettingAnAddressDropsItsProofAndNothingElse() throws DiscoveryException {
        MemoryPeerStore store = new MemoryPeerStore();
        store.add(claim(T1, A, B).withProof(T1, List.of(A, B)).withStatus(ConnectionStatus.DISCONNECTED,
                ConnectionDirection.NONE));
        StoreUpdate update = store.forgetAddresses(ID, List.of(A.withPeerId(ID))).orElseThrow();
        assertEquals(StoreUpdate.Kind.UPDATED, update.kind());
        PeerInfo after = store.get(ID).orElseThrow();
        assertEquals(List.of(B), after.addresses());
        assertEquals(List.of(B), after.provenAddresses());
        assertEquals(Optional.of(T1), after.provenAt());
        assertEquals(ConnectionStatus.DISCONNECTED, after.status());
        assertEquals(StoreUpdate.Kind.UNCHANGED, store.forgetAddresses(ID, List.of(A)).orElseThrow().kind());
        assertTrue(store.forgetAddresses(TestPeers.ed25519Id(), List.of(A)).isEmpty());
    }
}
