package org.olocus.discovery.transport.internal.connection;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A bounded table of dial backoffs per key: after a failed dial the key may not be dialled for {@code first},
 * doubling per consecutive failure up to {@code max}; a success forgets it. An entry whose wait ended more than
 * {@code max} ago counts as forgotten, so the next failure starts again from {@code first}.
 *
 * <p>At most {@code capacity} entries are kept: beyond it the entry whose last failure is the oldest goes (expired
 * ones at the head go as well), so a flood of distinct failing keys costs bounded memory and constant time per
 * failure; the worst an eviction does is let that key be dialled early. Not thread-safe: the connection manager
 * guards it. Times are {@link System#nanoTime()} values passed in by the caller.
 */
final class DialBackoff<K> {
    private record State(int failures, long untilNanos) {
    }

    private final long firstNanos;
    private final long maxNanos;
    private final int capacity;
    /** In order of last failure, oldest first: {@link #failed} re-inserts its key. */
    private final Map<K, State> entries = new LinkedHashMap<>();

    DialBackoff(Duration first, Duration max, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("backoff capacity must be at least 1, not " + capacity);
        }
        this.firstNanos = first.toNanos();
        this.maxNanos = Math.max(first.toNanos(), max.toNanos());
        this.capacity = capacity;
    }

    /** When {@code key} may be dialled again, if it may not be now. */
    OptionalLong blockedUntil(K key, long nowNanos) {
        State s = entries.get(key);
        return s != null && s.untilNanos - nowNanos > 0 ? OptionalLong.of(s.untilNanos) : OptionalLong.empty();
    }

    /** Consecutive failed dials of {@code key} that still count at {@code nowNanos}. */
    int failures(K key, long nowNanos) {
        State s = entries.get(key);
        return s == null || forgotten(s, nowNanos) ? 0 : s.failures;
    }

    /** A dial of {@code key} failed at {@code nowNanos}: its wait doubles (up to the maximum). */
    void failed(K key, long nowNanos) {
        State before = entries.remove(key);
        int failures = before == null || forgotten(before, nowNanos) ? 1 : before.failures + 1;
        entries.put(key, new State(failures, nowNanos + waitNanos(failures)));
        evict(nowNanos);
    }

    /** A dial of {@code key} succeeded: no backoff any more. */
    void succeeded(K key) {
        entries.remove(key);
    }

    /** Entries held (blocked or still remembered). */
    int size() {
        return entries.size();
    }

    /** Keys blocked at {@code nowNanos}. */
    int blocked(long nowNanos) {
        int n = 0;
        for (State s : entries.values()) {
            if (s.untilNanos - nowNanos > 0) {
                n++;
            }
        }
        return n;
    }

    private long waitNanos(int failures) {
        long wait = firstNanos;
        for (int i = 1; i < failures && wait < maxNanos; i++) {
            wait = wait > maxNanos / 2 ? maxNanos : wait * 2;
        }
        return Math.min(wait, maxNanos);
    }

    private boolean forgotten(State s, long nowNanos) {
        return nowNanos - s.untilNanos > maxNanos;
    }

    /** Drops the oldest entries while over capacity or forgotten; stops at the first one that still counts. */
    private void evict(long nowNanos) {
        Iterator<State> it = entries.values().iterator();
        while (it.hasNext()) {
            State oldest = it.next();
            if (entries.size() <= capacity && !forgotten(oldest, nowNanos)) {
                return;
            }
            it.remove();
        }
    }
}
