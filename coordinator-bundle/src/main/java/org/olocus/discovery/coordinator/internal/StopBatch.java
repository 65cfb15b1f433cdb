package org.olocus.discovery.coordinator.internal;

import java.util.ArrayList;
import java.util.List;

import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges held while the {@link PeerIntake} stops, written with one {@code addAll} per batch: a persistent store then
 * commits and syncs once per batch instead of once per peer (a few ms each), so a queue of thousands drains within
 * the stop's bound. Listeners hear nothing of these merges (the node is stopping). Owner thread only.
 */
final class StopBatch {
    static final int SIZE = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(StopBatch.class);

    private final List<PeerInfo> held = new ArrayList<>();
    private long written;

    /** Holds {@code peer}; true when the batch is full and should be written now. */
    boolean hold(PeerInfo peer) {
        held.add(peer);
        return held.size() >= SIZE;
    }

    /** Writes what is held to {@code store} (none: nothing to do). */
    void writeTo(PeerStore store) {
        if (held.isEmpty() || store == null) {
            return;
        }
        List<PeerInfo> batch = new ArrayList<>(held);
        held.clear();
        try {
            store.addAll(batch);
            written += batch.size();
        } catch (RuntimeException e) {
            LOG.warn("Peer store failed on a batch of {} peers while stopping: {}", batch.size(), e.toString());
        }
    }

    /** Peers written in batches so far. */
    long written() {
        return written;
    }
}
