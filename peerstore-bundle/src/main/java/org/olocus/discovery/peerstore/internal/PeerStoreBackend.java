package org.olocus.discovery.peerstore.internal;

import java.util.Collection;
import java.util.List;

import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.api.PeerStore;

/** A store the component can reconfigure live, fill in bulk and close: memory or persistent. */
interface PeerStoreBackend extends PeerStore, AutoCloseable {
    /** Applies new limits; a lower {@code maxPeers} evicts the stalest disconnected peers, which are returned. */
    List<PeerInfo> setLimits(PeerLimits limits);

    /**
     * Adds each peer as {@link #add} does, skipping those the limits refuse; returns how many were added or
     * changed.
     */
    int addAll(Collection<PeerInfo> peers);

    @Override
    void close();
}
