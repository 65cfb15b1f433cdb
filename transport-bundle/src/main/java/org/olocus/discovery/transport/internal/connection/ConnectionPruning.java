package org.olocus.discovery.transport.internal.connection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Water-mark pruning: above {@code highWater} connections, which to close to get down to {@code lowWater} —
 * those without open streams first, least recently used first, then the oldest with streams; never one younger
 * than the grace period (it may still be doing its identify).
 */
final class ConnectionPruning {
    private ConnectionPruning() {
    }

    /** The connections of {@code all} to close now (empty at or below the high water mark). */
    static List<Libp2pConnection> victims(Collection<Libp2pConnection> all, ConnectionLimits limits, long nowNanos) {
        if (all.size() <= limits.highWater()) {
            return List.of();
        }
        long graceNanos = limits.gracePeriod().toNanos();
        List<Libp2pConnection> candidates = all.stream()
                .filter(c -> nowNanos - c.openedNanos() >= graceNanos && c.isOpen())
                .sorted(Comparator.comparing((Libp2pConnection c) -> c.openStreams() > 0)
                        .thenComparingLong(c -> c.openStreams() > 0 ? c.openedNanos() : c.lastUsedNanos()))
                .toList();
        int excess = all.size() - limits.lowWater();
        return new ArrayList<>(candidates.subList(0, Math.min(excess, candidates.size())));
    }
}
