package org.olocus.discovery.transport.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Per-target dial backoff: after a failed dial the target (a peer id, or an address while its peer is unknown)
 * may not be dialled for {@code first}, doubling per consecutive failure up to {@code max}; a success forgets it.
 * Remembers at most {@link #MAX_TARGETS} targets (the longest-expired go first). Not thread-safe: the connection
 * manager guards it. Times are {@link System#nanoTime()} values.
 */
final class DialBackoff {
    static final int MAX_TARGETS = 4096;

    private record State(int failures, long untilNanos) {
    }

    private final long firstNanos;
    private final long maxNanos;
    private final Map<Object, State> targets = new LinkedHashMap<>();

    DialBackoff(Duration first, Duration max) {
        this.firstNanos = first.toNanos();
        this.maxNanos = Math.max(first.toNanos(), max.toNanos());
    }

    /** When {@code target} may be dialled again, if it may not be now. */
    OptionalLong blockedUntil(Object target, long nowNanos) {
        State s = targets.get(target);
        return s != null && s.untilNanos - nowNanos > 0 ? OptionalLong.of(s.untilNanos) : OptionalLong.empty();
    }

    /** Consecutive failed dials of {@code target}. */
    int failures(Object target) {
        State s = targets.get(target);
        return s == null ? 0 : s.failures;
    }

    /** A dial of {@code target} failed: its backoff doubles. */
    void failed(Object target, long nowNanos) {
        State before = targets.remove(target);
        int failures = before == null ? 1 : before.failures + 1;
        long wait = firstNanos;
        for (int i = 1; i < failures && wait < maxNanos; i++) {
            wait *= 2;
        }
        targets.put(target, new State(failures, nowNanos + Math.min(wait, maxNanos)));
        prune(nowNanos);
    }

    /** A dial of {@code target} succeeded: no backoff any more. */
    void succeeded(Object target) {
        targets.remove(target);
    }

    private void prune(long nowNanos) {
        // A target whose backoff ended more than the longest backoff ago no longer counts as failing.
        Iterator<State> it = targets.values().iterator();
        while (it.hasNext()) {
            State s = it.next();
            if (nowNanos - s.untilNanos > maxNanos || targets.size() > MAX_TARGETS) {
                it.remove();
            }
        }
    }
}
