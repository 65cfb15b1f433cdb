package org.olocus.discovery.peerstore.internal;

import java.util.List;

import org.olocus.discovery.api.PeerInfo;

/**
 * One write to the store, worked out before it is applied: the peer to store (or none) and the peers to drop.
 * A {@link PeerJournal} sees it first and may refuse it by throwing, in which case nothing changes.
 *
 * @param stored  the peer as it will be stored, or {@code null}
 * @param removed peers that leave the store (removed or evicted)
 */
record Change(PeerInfo stored, List<PeerInfo> removed) {
    Change {
        removed = List.copyOf(removed);
    }

    static Change store(PeerInfo peer, List<PeerInfo> evicted) {
        return new Change(peer, evicted);
    }

    static Change remove(List<PeerInfo> peers) {
        return new Change(null, peers);
    }
}
