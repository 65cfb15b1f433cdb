package org.olocus.discovery.peerstore.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import org.olocus.discovery.api.PeerInfo;

/**
 * The disconnected peers, stalest first (oldest {@code lastSeen}, then id), so that making room costs
 * O(log n) rather than a scan. Only disconnected peers (status neither {@code CONNECTED} nor {@code CONNECTING})
 * may be evicted. Not thread-safe: the store guards it.
 */
final class EvictionQueue {
    private static final Comparator<PeerInfo> STALEST_FIRST = Comparator.comparing(PeerInfo::lastSeen)
            .thenComparing(PeerInfo::id);

    private final TreeSet<PeerInfo> disconnected = new TreeSet<>(STALEST_FIRST);

    /** Follows a stored peer from {@code old} to {@code now}; either may be {@code null} (added, removed). */
    void replace(PeerInfo old, PeerInfo now) {
        if (old != null && !old.isConnected()) {
            disconnected.remove(old);
        }
        if (now != null && !now.isConnected()) {
            disconnected.add(now);
        }
    }

    /** Up to {@code count} evictable peers, stalest first. */
    List<PeerInfo> stalest(int count) {
        List<PeerInfo> out = new ArrayList<>(Math.min(count, disconnected.size()));
        for (PeerInfo peer : disconnected) {
            if (out.size() == count) {
                break;
            }
            out.add(peer);
        }
        return out;
    }

    int size() {
        return disconnected.size();
    }
}
