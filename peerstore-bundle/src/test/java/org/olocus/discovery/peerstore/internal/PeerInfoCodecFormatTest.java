package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerInfo;

/** Format 2 (proof, agent, proven addresses) and records of format 1, as stores of Olocus 0.1 hold them. */
class PeerInfoCodecFormatTest {
    private static final Multiaddr A = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
    private static final Multiaddr B = Multiaddr.parse("/ip4/10.0.0.2/tcp/4001");

    private static PeerInfo unproven() {
        return new PeerInfo(TestPeers.ed25519Id(), List.of(A, B), Set.of("/ipfs/id/1.0.0"), TestPeers.T0,
                ConnectionStatus.DISCONNECTED, ConnectionDirection.NONE, 3, Set.of(DiscoveryType.MDNS));
    }

    /**
     * The format-1 record of an unproven peer: format 2 writes the same bytes, then a 3-byte tail (proven flag 0,
     * agent length 0, proven count 0), and starts with version 2 instead of 1.
     */
    static byte[] formatOne(PeerInfo unproven) {
        byte[] two = PeerInfoCodec.encode(unproven);
        assertEquals(0, two[two.length - 1]);
        assertEquals(0, two[two.length - 2]);
        assertEquals(0, two[two.length - 3]);
        byte[] one = Arrays.copyOf(two, two.length - 3);
        one[0] = PeerInfoCodec.VERSION_1;
        return one;
    }

    @Test
    void proofAgentAndProvenAddressesRoundTrip() {
        PeerInfo peer = unproven().withProof(Instant.parse("2026-12-04T10:00:00.123Z"), List.of(B))
                .withAgentVersion("js-libp2p/3.3.11");
        PeerInfo back = PeerInfoCodec.decode(PeerInfoCodec.encode(peer));
        assertEquals(peer, back);
        assertEquals(Optional.of(Instant.parse("2026-12-04T10:00:00.123Z")), back.provenAt());
        assertEquals(List.of(B), back.provenAddresses());
        assertEquals("js-libp2p/3.3.11", back.agentVersion());
    }

    @Test
    void aFormatOneRecordReadsAsAnUnprovenPeer() {
        PeerInfo peer = unproven();
        byte[] old = formatOne(peer);
        assertEquals(1, PeerInfoCodec.version(old));
        PeerInfo back = PeerInfoCodec.decode(old);
        assertEquals(peer, back);
        assertFalse(back.isProven());
        assertEquals("", back.agentVersion());
    }

    @Test
    void aFormatOneRecordWithTheFormatTwoTailIsRefused() {
        byte[] bytes = PeerInfoCodec.encode(unproven());
        bytes[0] = PeerInfoCodec.VERSION_1;
        var e = assertThrows(IllegalArgumentException.class, () -> PeerInfoCodec.decode(bytes));
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
    }

    @Test
    void malformedTailsAreRefusedNamingTheField() {
        byte[] good = PeerInfoCodec.encode(unproven());
        int tail = good.length - 3;

        byte[] badFlag = good.clone();
        badFlag[tail] = 2;
        assertMessage(badFlag, "proven flag 2");

        byte[] truncatedTime = Arrays.copyOf(good, tail + 1);
        truncatedTime[tail] = 1;
        assertMessage(truncatedTime, "provenAt seconds");

        byte[] longAgent = Arrays.copyOf(good, good.length + 1);
        longAgent[tail + 1] = (byte) 0x81;
        longAgent[tail + 2] = 0x02; // 257
        longAgent[tail + 3] = 0;
        assertMessage(longAgent, "agent version length 257");

        byte[] badIndex = Arrays.copyOf(good, good.length + 1);
        badIndex[tail + 2] = 1; // one proven address
        badIndex[tail + 3] = 2; // index 2 of two addresses
        assertMessage(badIndex, "proven address 0 2");

        byte[] tooMany = good.clone();
        tooMany[tail + 2] = 3; // three proven of two addresses
        assertMessage(tooMany, "proven address count 3");

        byte[] badAgent = Arrays.copyOf(good, good.length + 2);
        badAgent[tail + 1] = 2;
        badAgent[tail + 2] = (byte) 0xC3;
        badAgent[tail + 3] = 0x28;
        badAgent[tail + 4] = 0;
        assertMessage(badAgent, "agent version is not valid UTF-8");
    }

    @Test
    void anAgentTooLongForTheRecordIsCutByTheMerge() {
        String agent = "é".repeat(200); // 400 bytes
        PeerInfo admitted = PeerMerge.admit(unproven().withAgentVersion(agent));
        assertTrue(admitted.agentVersion().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                <= PeerBounds.MAX_AGENT_BYTES);
        assertEquals(128, admitted.agentVersion().length());
        assertEquals(admitted, PeerInfoCodec.decode(PeerInfoCodec.encode(admitted)));
    }

    private static void assertMessage(byte[] record, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> PeerInfoCodec.decode(record));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should name " + expected);
    }
}
