package org.olocus.discovery.api;

import java.util.List;

/**
 * What {@link PeerStore#add} did.
 *
 * @param peer    the peer as stored after the merge
 * @param kind    whether it was new, changed or already known as given
 * @param evicted stale disconnected peers removed to make room (several after max_peers was lowered)
 */
public record StoreUpdate(PeerInfo peer, Kind kind, List<PeerInfo> evicted) {
    /** The effect of an add. */
    public enum Kind {
        ADDED,
        UPDATED,
        UNCHANGED
    }

    public StoreUpdate {
        evicted = evicted == null ? List.of() : List.copyOf(evicted);
    }
}
