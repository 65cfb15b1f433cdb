package org.olocus.discovery.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;

class PeerTxtTest {
    private static List<byte[]> strings(String... s) {
        return Arrays.stream(s).map(x -> x.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static List<String> categories(PeerTxt.Parsed p) {
        return p.problems().stream().map(PeerTxt.Problem::category).toList();
    }

    @Test
    void aMultiStringRecordGivesIdAddressesAndProtocols() {
        PeerId id = TestPeers.newPeerId();
        PeerTxt.Parsed p = PeerTxt.parse(List.of(strings("peer_id=" + id, "addr=/ip4/127.0.0.1/tcp/1/p2p/" + id,
                "ADDR=/dns4/x.test/tcp/2", "protocol=/olocus/1.0.0")));
        assertEquals(Optional.of(id), p.peerId());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1/p2p/" + id), Multiaddr.parse("/dns4/x.test/tcp/2")),
                p.addresses());
        assertEquals(Set.of("/olocus/1.0.0"), p.protocols());
        assertTrue(p.problems().isEmpty());
    }

    @Test
    void badEntriesAreSkippedWithAReasonAndTheOthersKept() {
        PeerId id = TestPeers.newPeerId();
        PeerTxt.Parsed p = PeerTxt.parse(List.of(strings("garbage", "color=blue", "addr=/ip4/1.2.3/tcp/1"),
                List.of(new byte[] {(byte) 0xff, '=', 'x'}, new byte[0]), strings("peer_id=" + id, "protocol=has space")));
        assertEquals(Optional.of(id), p.peerId());
        assertTrue(p.addresses().isEmpty());
        assertEquals(List.of("malformed entry", "unknown key", "bad addr", "malformed entry", "bad protocol"),
                categories(p));
    }

    @Test
    void aBadIdLeavesTheTargetWithoutIdAndItsAddrEntriesNamingAPeerAreRefused() {
        PeerId other = TestPeers.newPeerId();
        PeerTxt.Parsed p = PeerTxt.parse(List.of(strings("peer_id=QmNot0Valid", "addr=/ip4/127.0.0.1/tcp/1",
                "addr=/ip4/127.0.0.1/tcp/2/p2p/" + other)));
        assertEquals(Optional.empty(), p.peerId());
        assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")), p.addresses());
        assertEquals(List.of("bad peer_id", "bad addr"), categories(p));
    }

    @Test
    void conflictingIdsGiveNoId() {
        PeerTxt.Parsed p = PeerTxt.parse(List.of(strings("peer_id=" + TestPeers.newPeerId()),
                strings("peer_id=" + TestPeers.newPeerId())));
        assertEquals(Optional.empty(), p.peerId());
        assertEquals(List.of("conflicting peer_id"), categories(p));
    }

    @Test
    void oversizedInputIsBounded() {
        List<List<byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            records.add(strings("addr=/ip4/127.0.0." + (i % 250) + "/tcp/" + (i + 1)));
        }
        PeerTxt.Parsed p = PeerTxt.parse(records);
        assertEquals(PeerTxt.MAX_ADDRESSES, p.addresses().size());
        assertTrue(categories(p).contains("too many entries"));
        assertTrue(p.problems().size() <= PeerTxt.MAX_ENTRIES + 1);
    }
}
