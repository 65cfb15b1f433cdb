package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;

class ObservedAddressesTest {
    private static final List<Multiaddr> LISTEN = List.of(Multiaddr.parse("/ip4/10.9.0.1/tcp/4001"),
            Multiaddr.parse("/ip6/fd00::1/tcp/4002"));
    private final AddressVerdictsTest.MutableClock clock = new AddressVerdictsTest.MutableClock();

    @Test
    void anAddressIsAnnouncedOnlyOnceTwoPeersSawItWithOurListenPort() {
        ObservedAddresses observed = new ObservedAddresses(clock);
        PeerId one = TestPeers.randomId();
        assertFalse(observed.observed(one, Multiaddr.parse("/ip4/203.0.113.7/tcp/51234")));
        assertFalse(observed.observed(one, Multiaddr.parse("/ip4/203.0.113.7/tcp/51235")), "the same peer again");
        assertEquals(List.of(), observed.confirmed(LISTEN));
        assertTrue(observed.observed(TestPeers.randomId(), Multiaddr.parse("/ip4/203.0.113.7/tcp/40000")));
        assertEquals(List.of(Multiaddr.parse("/ip4/203.0.113.7/tcp/4001")), observed.confirmed(LISTEN));
        assertFalse(observed.observed(TestPeers.randomId(), Multiaddr.parse("/ip4/203.0.113.7/tcp/1")),
                "already confirmed");
    }

    @Test
    void loopbackWildcardAndOurOwnListenIpAreNeverAnnouncedAgain() {
        ObservedAddresses observed = new ObservedAddresses(clock);
        for (String a : List.of("/ip4/127.0.0.1/tcp/5", "/ip4/0.0.0.0/tcp/5", "/ip6/fe80::1/tcp/5",
                "/dns4/example.org/tcp/5")) {
            assertFalse(observed.observed(TestPeers.randomId(), Multiaddr.parse(a)));
            assertFalse(observed.observed(TestPeers.randomId(), Multiaddr.parse(a)));
        }
        observed.observed(TestPeers.randomId(), Multiaddr.parse("/ip4/10.9.0.1/tcp/5"));
        observed.observed(TestPeers.randomId(), Multiaddr.parse("/ip4/10.9.0.1/tcp/6"));
        assertEquals(List.of(), observed.confirmed(LISTEN));
    }

    @Test
    void observationsExpire() {
        ObservedAddresses observed = new ObservedAddresses(clock);
        observed.observed(TestPeers.randomId(), Multiaddr.parse("/ip6/2001:db8::5/tcp/9"));
        observed.observed(TestPeers.randomId(), Multiaddr.parse("/ip6/2001:db8::5/tcp/9"));
        assertEquals(List.of(Multiaddr.parse("/ip6/2001:db8::5/tcp/4002")), observed.confirmed(LISTEN));
        clock.now = clock.now.plus(ObservedAddresses.KEEP).plus(Duration.ofSeconds(1));
        assertEquals(List.of(), observed.confirmed(LISTEN));
    }
}
