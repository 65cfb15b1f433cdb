package org.olocus.discovery.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the coordinator keeps what it learns of peers. Registered as a service; the coordinator writes to the
 * highest-ranked one. Implementations are thread-safe.
 */
@ConsumerType
public interface PeerStore {
    /**
     * Merges {@code peer} into the store: addresses and protocols unioned (bounded), the newest {@code lastSeen}
     * kept, sources recorded, connection state and reputation taken from the newer report. A full store evicts
     * its stalest disconnected peer; when every peer is connected, or the peer's connection direction is at its
     * limit, it throws {@code PEER_STORE_FULL} and changes nothing.
     */
    StoreUpdate add(PeerInfo peer) throws DiscoveryException;

    /**
     * Merges many peers at once, as {@link #add} does each (a persistent store commits once for all); a peer the
     * store refuses as full is skipped. Returns how many were added or changed.
     */
    default int addAll(Collection<PeerInfo> peers) {
        int changed = 0;
        for (PeerInfo p : peers) {
            try {
                if (add(p).kind() != StoreUpdate.Kind.UNCHANGED) {
                    changed++;
                }
            } catch (DiscoveryException e) {
                // full: skipped, as documented
            }
        }
        return changed;
    }

    /**
     * Drops {@code addresses} (compared without {@code /p2p}) from what is stored of peer {@code id}, with their
     * proven marks, and changes nothing else: for an address that a handshake showed to belong to another peer, or
     * one that stopped answering. Empty when the peer is not stored; else what was done ({@code UNCHANGED} when
     * it had none of them).
     */
    Optional<StoreUpdate> forgetAddresses(PeerId id, Collection<Multiaddr> addresses);

    /** Forgets a peer; returns it if it was there. */
    Optional<PeerInfo> remove(PeerId id);

    Optional<PeerInfo> get(PeerId id);

    /** Every peer, in no particular order. */
    List<PeerInfo> all();

    /** The {@code count} peers whose Kademlia key is closest (XOR) to {@code kadKey}, nearest first. */
    List<PeerInfo> closest(byte[] kadKey, int count);

    /** Moves a peer's {@code lastSeen} forward; false when it is not stored. */
    boolean markSeen(PeerId id, Instant when);

    int size();

    PeerLimits limits();

    /** Facts for {@code discovery:status}: kind of store, path, sizes, problems met (such as a bad config). */
    Map<String, Object> describe();
}
