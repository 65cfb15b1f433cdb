package org.olocus.discovery.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerSink;

class ServiceTrackerTest {
    private static final PeerId SELF = TestIdentity.idOf(1);
    private final List<String> events = new ArrayList<>();
    private final PeerSink sink = new PeerSink() {
        @Override
        public void peerFound(PeerInfo peer) {
            events.add("found " + peer.id() + " " + peer.addresses().size());
        }

        @Override
        public void peerLost(PeerId peer) {
            events.add("lost " + peer);
        }
    };

    private static ResolvedService service(LinkAddress link, String name, PeerId id, String ip) {
        byte[] txt = TxtRecord.of(List.of(new TxtRecord.Entry("peer_id", id.toString()))).encode();
        return new ResolvedService(link, "_olocus._tcp.local.", name, 8000, List.of(TestLinks.ip(ip)), List.of(txt));
    }

    private ServiceTracker tracker(int max) {
        return new ServiceTracker(new ServiceDecoder(SELF, "_olocus._tcp.local."), max, sink);
    }

    @Test
    void pushesOnArrivalAndOnChangeOnly() {
        ServiceTracker t = tracker(10);
        PeerId p = TestIdentity.idOf(2);
        t.resolved(service(TestLinks.eth0(), "a", p, "10.231.1.5"));
        t.resolved(service(TestLinks.eth0(), "a", p, "10.231.1.5"));
        t.resolved(service(TestLinks.eth1(), "a", p, "10.231.2.5"));
        assertEquals(List.of("found " + p + " 1", "found " + p + " 2"), events);
        assertEquals(1, t.peers(10).size());
    }

    @Test
    void peerIsLostOnlyWhenItsLastServiceGoes() {
        ServiceTracker t = tracker(10);
        PeerId p = TestIdentity.idOf(2);
        t.resolved(service(TestLinks.eth0(), "a", p, "10.231.1.5"));
        t.resolved(service(TestLinks.eth1(), "a", p, "10.231.2.5"));
        t.removed(ServiceTracker.key(TestLinks.eth0(), "_olocus._tcp.local.", "a"));
        assertTrue(events.stream().noneMatch(e -> e.startsWith("lost")));
        t.linkClosed(TestLinks.eth1());
        assertEquals("lost " + p, events.get(events.size() - 1));
        assertEquals(0, t.size());
    }

    @Test
    void aFloodOfServicesStaysBoundedAndIsCounted() {
        ServiceTracker t = tracker(64);
        for (int i = 0; i < 1000; i++) {
            t.resolved(service(TestLinks.eth0(), "s" + i, TestIdentity.idOf(100 + i), "10.231.1." + (i % 250 + 1)));
        }
        assertEquals(64, t.size());
        assertEquals(936, t.counters().overLimit());
        assertEquals(50, t.peers(50).size());
    }

    @Test
    void badServicesAreCountedAndChangeNothingStored() {
        ServiceTracker t = tracker(10);
        PeerId p = TestIdentity.idOf(2);
        t.resolved(service(TestLinks.eth0(), "a", p, "10.231.1.5"));
        t.resolved(new ResolvedService(TestLinks.eth0(), "_olocus._tcp.local.", "a", 8000, List.of(),
                List.of(new byte[] {7, 'p'})));
        t.resolved(new ResolvedService(TestLinks.eth0(), "_olocus._tcp.local.", "b", 8000, List.of(),
                List.of(TxtRecord.of(List.of(new TxtRecord.Entry("protocol", "x"))).encode())));
        assertEquals(1, t.size());
        assertEquals(1L, t.counters().rejected().get(ServiceDecoder.Outcome.Kind.BAD_TXT));
        assertEquals(1L, t.counters().rejected().get(ServiceDecoder.Outcome.Kind.NO_ID));
        assertTrue(t.counters().lastRejection().contains("no peer_id"));
    }
}
