package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The bounded backoff table: doubling per consecutive failure, capped, expiring, forgotten on success. */
class DialBackoffTest {
    private static final long S = 1_000_000_000L;

    @Test
    void doublesPerFailureUpToTheMaximum() {
        DialBackoff<String> backoff = new DialBackoff<>(Duration.ofSeconds(5), Duration.ofSeconds(30), 16);
        long now = 1000 * S;
        assertFalse(backoff.blockedUntil("a", now).isPresent());
        long[] expected = {5, 10, 20, 30, 30};
        for (int i = 0; i < expected.length; i++) {
            backoff.failed("a", now);
            assertEquals(now + expected[i] * S, backoff.blockedUntil("a", now).getAsLong(), "failure " + (i + 1));
            assertEquals(i + 1, backoff.failures("a", now));
        }
        assertTrue(backoff.blockedUntil("a", now + 30 * S - 1).isPresent());
        assertFalse(backoff.blockedUntil("a", now + 30 * S).isPresent(), "free once the wait is over");
        assertFalse(backoff.blockedUntil("b", now).isPresent(), "other keys are not affected");
    }

    @Test
    void theWaitExpiresAndALongQuietSpellStartsAgainFromTheFirstWait() {
        DialBackoff<String> backoff = new DialBackoff<>(Duration.ofSeconds(2), Duration.ofSeconds(60), 16);
        long t = 0;
        backoff.failed("a", t);
        assertEquals(1, backoff.blocked(t));
        t += 2 * S; // the first wait is over: a dial goes out and fails again
        assertEquals(0, backoff.blocked(t));
        backoff.failed("a", t);
        assertEquals(t + 4 * S, backoff.blockedUntil("a", t).getAsLong(), "doubled");
        t += 4 * S + 60 * S + 1; // ended more than the longest wait ago: no longer counts as failing
        assertEquals(0, backoff.failures("a", t));
        backoff.failed("a", t);
        assertEquals(t + 2 * S, backoff.blockedUntil("a", t).getAsLong(), "from the first wait again");
    }

    @Test
    void successForgetsTheFailures() {
        DialBackoff<String> backoff = new DialBackoff<>(Duration.ofSeconds(1), Duration.ofSeconds(60), 16);
        long now = 0;
        backoff.failed("a", now);
        backoff.failed("a", now);
        backoff.succeeded("a");
        assertFalse(backoff.blockedUntil("a", now).isPresent());
        assertEquals(0, backoff.size());
        backoff.failed("a", now);
        assertEquals(now + S, backoff.blockedUntil("a", now).getAsLong(), "starts again from the first wait");
    }

    @Test
    void theTableStaysBoundedOldestFailureFirst() {
        int capacity = 4096;
        DialBackoff<String> backoff = new DialBackoff<>(Duration.ofSeconds(1), Duration.ofSeconds(4), capacity);
        backoff.failed("old", 0);
        backoff.failed("old", 0); // blocked until 2 s
        backoff.failed("new", 100 * S); // "old" ended 98 s ago, more than the 4 s maximum: dropped
        assertEquals(1, backoff.size());
        for (int i = 0; i < 100_000; i++) {
            backoff.failed("t" + i, 200 * S);
            assertTrue(backoff.size() <= capacity, "size " + backoff.size() + " after " + (i + 1));
        }
        assertEquals(capacity, backoff.size());
        assertEquals(0, backoff.failures("t0", 200 * S), "the oldest failures go first");
        assertTrue(backoff.blockedUntil("t99999", 200 * S).isPresent(), "the latest is kept");
        assertTrue(backoff.blockedUntil("t" + (100_000 - capacity), 200 * S).isPresent());
        assertFalse(backoff.blockedUntil("t" + (100_000 - capacity - 1), 200 * S).isPresent());
    }

    @Test
    void aHugeMaximumDoesNotOverflow() {
        DialBackoff<String> backoff = new DialBackoff<>(Duration.ofSeconds(1), Duration.ofDays(365), 4);
        for (int i = 0; i < 100; i++) {
            backoff.failed("a", 0);
        }
        assertEquals(Duration.ofDays(365).toNanos(), backoff.blockedUntil("a", 0).getAsLong());
        assertThrows(IllegalArgumentException.class, () -> new DialBackoff<>(Duration.ofSeconds(1),
                Duration.ofSeconds(2), 0));
    }
}
