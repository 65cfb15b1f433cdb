package org.olocus.discovery.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;

class OwnRecordsTest {
    private static final PeerId SELF = TestIdentity.idOf(1);
    private final OwnRecords own = new OwnRecords(SELF, 8000);

    @Test
    void eachLinkGetsOnlyItsOwnAddresses() {
        List<Multiaddr> announced = List.of(Multiaddr.parse("/ip4/10.231.1.2/tcp/4001"),
                Multiaddr.parse("/ip4/10.231.2.2/tcp/4001"), Multiaddr.parse("/ip4/203.0.113.5/tcp/4001"),
                Multiaddr.parse("/dns4/node.example/tcp/4001"));
        assertEquals(List.of(Multiaddr.parse("/ip4/10.231.1.2/tcp/4001"), Multiaddr.parse("/dns4/node.example/tcp/4001")),
                own.addressesFor(TestLinks.eth0(), announced));
        assertEquals(List.of(Multiaddr.parse("/ip4/10.231.2.2/tcp/4001"), Multiaddr.parse("/dns4/node.example/tcp/4001")),
                own.addressesFor(TestLinks.eth1(), announced));
    }

    @Test
    void withoutAnnouncedAddressesTheLinkAddressAndPortAreUsed() {
        assertEquals(List.of(Multiaddr.parse("/ip4/10.231.1.2/tcp/8000")), own.addressesFor(TestLinks.eth0(), List.of()));
    }

    @Test
    void theSrvPortIsTheTransportsPortOnThatLink() {
        List<Multiaddr> announced = List.of(Multiaddr.parse("/ip4/10.231.2.2/tcp/4002"),
                Multiaddr.parse("/ip4/10.231.1.2/tcp/4001"));
        assertEquals(4001, own.srvPort(TestLinks.eth0(), announced));
        assertEquals(4002, own.srvPort(TestLinks.eth1(), announced));
    }

    @Test
    void withNothingListeningAndNoFallbackPortNothingIsAdvertised() {
        OwnRecords noFallback = new OwnRecords(SELF, 0);
        assertEquals(List.of(), noFallback.addressesFor(TestLinks.eth0(), List.of()));
        assertEquals(0, noFallback.srvPort(TestLinks.eth0(), List.of()));
        assertEquals(8000, own.srvPort(TestLinks.eth0(), List.of()), "the configured fallback");
    }

    @Test
    void txtRecordsFollowTheSpecs() {
        TxtRecord olocus = TxtRecord.decode(own.olocusTxt(TestLinks.eth0(), List.of()).encode());
        assertEquals(SELF.toString(), olocus.first("peer_id").orElseThrow());
        assertEquals("olocus/1.0.0", olocus.first("protocol").orElseThrow());
        assertEquals(List.of("/ip4/10.231.1.2/tcp/8000"), olocus.all("addr"));
        TxtRecord libp2p = TxtRecord.decode(own.libp2pTxt(TestLinks.eth0(), List.of()).encode());
        assertEquals(List.of("/ip4/10.231.1.2/tcp/8000/p2p/" + SELF), libp2p.all("dnsaddr"));
    }

    @Test
    void instanceNamesFitOneLabelAndLibp2pNameIsLowerCase() {
        assertTrue(own.olocusInstanceName().length() <= 63);
        String p2p = own.libp2pInstanceName();
        assertTrue(p2p.matches("[0-9a-f]{40}"), p2p);
        assertTrue(own.isOurs(p2p) && own.isOurs(SELF.toString()) && !own.isOurs("other"));
    }

    @Test
    void txtStaysWithinItsBudgetWhateverIsAnnounced() {
        List<Multiaddr> many = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> Multiaddr.parse("/dns4/host-" + i + ".example.org/tcp/" + (1000 + i))).toList();
        assertTrue(own.olocusTxt(TestLinks.eth0(), many).encode().length <= OwnRecords.TXT_BUDGET);
        assertTrue(own.libp2pTxt(TestLinks.eth0(), many).encode().length <= OwnRecords.TXT_BUDGET);
    }
}
