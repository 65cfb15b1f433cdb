package org.olocus.discovery.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The per-target dial backoff: doubling per consecutive failure, capped, forgotten on success. */
class DialBackoffTest {
    private static final long S = 1_000_000_000L;

    @Test
    void doublesPerFailureUpToTheMaximum() {
        DialBackoff backoff = new DialBackoff(Duration.ofSeconds(5), Duration.ofSeconds(30));
        long now = 1000 * S;
        assertFalse(backoff.blockedUntil("a", now).isPresent());
        long[] expected = {5, 10, 20, 30, 30};
        for (int i = 0; i < expected.length; i++) {
            backoff.failed("a", now);
            assertEquals(now + expected[i] * S, backoff.blockedUntil("a", now).getAsLong(), "failure " + (i + 1));
            assertEquals(i + 1, backoff.failures("a"));
        }
        assertTrue(backoff.blockedUntil("a", now + 30 * S - 1).isPresent());
        assertFalse(backoff.blockedUntil("a", now + 30 * S).isPresent(), "free once the wait is over");
        assertFalse(backoff.blockedUntil("b", now).isPresent(), "other targets are not affected");
    }

    @Test
    void successForgetsTheFailures() {
        DialBackoff backoff = new DialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        long now = 0;
        backoff.failed("a", now);
        backoff.failed("a", now);
        backoff.succeeded("a");
        assertFalse(backoff.blockedUntil("a", now).isPresent());
        backoff.failed("a", now);
        assertEquals(now + S, backoff.blockedUntil("a", now).getAsLong(), "starts again from the first wait");
    }

    @Test
    void longExpiredTargetsAreForgottenAndTheTableIsBounded() {
        DialBackoff backoff = new DialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4));
        backoff.failed("old", 0);
        backoff.failed("old", 0); // blocked until 2 s
        backoff.failed("new", 100 * S); // pruning runs: "old" ended 98 s ago, more than the 4 s maximum
        assertEquals(0, backoff.failures("old"));
        for (int i = 0; i < DialBackoff.MAX_TARGETS + 100; i++) {
            backoff.failed("t" + i, 200 * S);
        }
        assertEquals(0, backoff.failures("t0"), "the oldest entries go first");
        assertEquals(1, backoff.failures("t" + (DialBackoff.MAX_TARGETS + 99)));
    }
}
