package org.olocus.discovery.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: the coordinator tells every registered listener what changed in the peer store. Calls come
 * from one coordinator thread in order; a listener that throws is logged and skipped, not removed.
 */
@ConsumerType
public interface PeerListener {
    default void peerAdded(PeerInfo peer) {
    }

    default void peerUpdated(PeerInfo before, PeerInfo after) {
    }

    default void peerRemoved(PeerInfo peer) {
    }
}
