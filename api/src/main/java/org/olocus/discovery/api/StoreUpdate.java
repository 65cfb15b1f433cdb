package org.olocus.discovery.api;

import java.util.Optional;

/**
 * What {@link PeerStore#add} did.
 *
 * @param peer    the peer as stored after the merge
 * @param kind    whether it was new, changed or already known as given
 * @param evicted a stale disconnected peer removed to make room, if any
 */
public record StoreUpdate(PeerInfo peer, Kind kind, Optional<PeerInfo> evicted) {
    /** The effect of an add. */
    public enum Kind {
        ADDED,
        UPDATED,
        UNCHANGED
    }

    public StoreUpdate {
        evicted = evicted == null ? Optional.empty() : evicted;
    }
}
