package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;

class AddressVerdictsTest {
    private static final Multiaddr A = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
    private static final Multiaddr B = Multiaddr.parse("/ip4/10.0.0.2/tcp/4001");
    private final MutableClock clock = new MutableClock();

    @Test
    void aRefutedClaimIsHeldBackForThatPeerOnlyUntilItExpires() {
        AddressVerdicts verdicts = new AddressVerdicts(clock);
        PeerId claimed = TestPeers.randomId();
        PeerId real = TestPeers.randomId();
        verdicts.refuted(claimed, A.withPeerId(claimed), real, Duration.ofMinutes(10));
        assertEquals(List.of(B), verdicts.admissible(claimed, List.of(A, B)));
        assertEquals(real, verdicts.verdict(claimed, A).orElseThrow().realPeer().orElseThrow());
        List<Multiaddr> both = List.of(A, B);
        assertSame(both, verdicts.admissible(real, both));
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertSame(both, verdicts.admissible(claimed, both));
        assertEquals(0, verdicts.size());
    }

    @Test
    void aProofLiftsAVerdict() {
        AddressVerdicts verdicts = new AddressVerdicts(clock);
        PeerId peer = TestPeers.randomId();
        verdicts.unreachable(peer, A, Duration.ofMinutes(10));
        assertTrue(verdicts.verdict(peer, A).isPresent());
        verdicts.proven(peer, A);
        assertTrue(verdicts.verdict(peer, A).isEmpty());
    }

    @Test
    void theTableStaysBoundedUnderAFlood() {
        AddressVerdicts verdicts = new AddressVerdicts(clock, 1000);
        PeerId real = TestPeers.randomId();
        for (int i = 0; i < 100_000; i++) {
            verdicts.refuted(TestPeers.randomId(), A, real, Duration.ofHours(1));
        }
        assertEquals(1000, verdicts.size());
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-04T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
