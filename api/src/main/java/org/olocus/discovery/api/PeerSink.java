package org.olocus.discovery.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a running mechanism pushes peers the moment it sees them, so nothing waits for the next poll. The
 * coordinator bounds what it accepts per mechanism; pushing never blocks.
 */
@ProviderType
public interface PeerSink {
    /** A peer was seen (arrived, answered, was announced to us). */
    void peerFound(PeerInfo peer);

    /** A peer said goodbye or expired in the mechanism; it is marked disconnected, not forgotten. */
    void peerLost(PeerId peer);
}
