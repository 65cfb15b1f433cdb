package org.olocus.discovery.peerstore.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.api.StoreUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory {@link org.olocus.discovery.api.PeerStore}: a hash map of peers, a {@link KadKeyTrie} for
 * {@link #closest}, an {@link EvictionQueue} of disconnected peers and per-direction connection counts.
 *
 * <p>Locking: reads take the read lock of one {@link ReentrantReadWriteLock} and run concurrently. Writers are
 * serialised by a separate writer lock; a writer works out its {@link Change} (merge, limits, eviction) while
 * readers carry on, hands it to the {@link PeerJournal} (the persistent store writes it to disk there), and only
 * then takes the write lock to apply it, so readers never wait for a disk write. Working out a change without the
 * read lock is safe because only the writer holding the writer lock ever mutates.
 *
 * <p>Limits: adding a new peer to a full store evicts the stalest disconnected peer (O(log n)); when every peer
 * is connected it throws {@code PEER_STORE_FULL} and changes nothing. A write that would give a direction more
 * live connections (connected or connecting) than its limit also throws {@code PEER_STORE_FULL}.
 */
public final class MemoryPeerStore implements PeerStoreBackend {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryPeerStore.class);

    private final ReentrantLock writer = new ReentrantLock();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<PeerId, PeerInfo> peers = new HashMap<>();
    private final KadKeyTrie index = new KadKeyTrie();
    private final EvictionQueue evictable = new EvictionQueue();
    private final ConnectionCounts connections = new ConnectionCounts();
    private volatile PeerLimits limits;

    /** A store with the spec's default limits (100 peers, 50 inbound, 50 outbound). */
    public MemoryPeerStore() {
        this(PeerLimits.DEFAULT);
    }

    public MemoryPeerStore(PeerLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public StoreUpdate add(PeerInfo peer) throws DiscoveryException {
        return add(peer, PeerJournal.NONE);
    }

    StoreUpdate add(PeerInfo peer, PeerJournal journal) throws DiscoveryException {
        Objects.requireNonNull(peer, "peer");
        writer.lock();
        try {
            PeerInfo existing = peers.get(peer.id());
            PeerInfo merged = existing == null ? PeerMerge.admit(peer) : PeerMerge.merge(existing, peer);
            if (merged == existing) {
                return new StoreUpdate(existing, StoreUpdate.Kind.UNCHANGED, List.of());
            }
            checkDirectionLimit(existing, merged);
            List<PeerInfo> evicted = existing == null ? makeRoomFor(merged) : List.of();
            apply(Change.store(merged, evicted), journal);
            if (!evicted.isEmpty()) {
                LOG.debug("evicted {} to make room for {}", evicted, merged.id());
            }
            return new StoreUpdate(merged, existing == null ? StoreUpdate.Kind.ADDED : StoreUpdate.Kind.UPDATED,
                    evicted);
        } finally {
            writer.unlock();
        }
    }

    /**
     * Adds every peer, skipping those the limits refuse (logged at DEBUG). Returns how many were added or changed,
     * as the api says (a peer already stored as given does not count). Each add takes the locks on its own, so
     * readers are not held up by a long copy.
     */
    @Override
    public int addAll(Collection<PeerInfo> batch) {
        return addAll(batch, PeerJournal.NONE);
    }

    int addAll(Collection<PeerInfo> batch, PeerJournal journal) {
        int changed = 0;
        for (PeerInfo peer : batch) {
            try {
                if (add(peer, journal).kind() != StoreUpdate.Kind.UNCHANGED) {
                    changed++;
                }
            } catch (DiscoveryException e) {
                LOG.debug("not copied: {}", e.getMessage());
            }
        }
        return changed;
    }

    @Override
    public Optional<StoreUpdate> forgetAddresses(PeerId id, Collection<Multiaddr> addresses) {
        return forgetAddresses(id, addresses, PeerJournal.NONE);
    }

    Optional<StoreUpdate> forgetAddresses(PeerId id, Collection<Multiaddr> addresses, PeerJournal journal) {
        Objects.requireNonNull(addresses, "addresses");
        writer.lock();
        try {
            PeerInfo existing = peers.get(id);
            if (existing == null) {
                return Optional.empty();
            }
            PeerInfo kept = PeerMerge.withoutAddresses(existing, addresses);
            if (kept == existing) {
                return Optional.of(new StoreUpdate(existing, StoreUpdate.Kind.UNCHANGED, List.of()));
            }
            apply(Change.store(kept, List.of()), journal);
            return Optional.of(new StoreUpdate(kept, StoreUpdate.Kind.UPDATED, List.of()));
        } finally {
            writer.unlock();
        }
    }

    @Override
    public Optional<PeerInfo> remove(PeerId id) {
        return remove(id, PeerJournal.NONE);
    }

    Optional<PeerInfo> remove(PeerId id, PeerJournal journal) {
        writer.lock();
        try {
            PeerInfo existing = peers.get(id);
            if (existing == null) {
                return Optional.empty();
            }
            apply(Change.remove(List.of(existing)), journal);
            return Optional.of(existing);
        } finally {
            writer.unlock();
        }
    }

    @Override
    public boolean markSeen(PeerId id, Instant when) {
        return markSeen(id, when, PeerJournal.NONE);
    }

    boolean markSeen(PeerId id, Instant when, PeerJournal journal) {
        Objects.requireNonNull(when, "when");
        writer.lock();
        try {
            PeerInfo existing = peers.get(id);
            if (existing == null) {
                return false;
            }
            if (when.isAfter(existing.lastSeen())) {
                apply(Change.store(existing.withLastSeen(when), List.of()), journal);
            }
            return true;
        } finally {
            writer.unlock();
        }
    }

    /**
     * Applies new limits live. When the store holds more than {@code maxPeers}, the stalest disconnected peers
     * are evicted down to it (connected peers stay: the store may remain over its limit until they disconnect)
     * and returned. Direction limits only refuse new connections; existing ones are not dropped.
     */
    @Override
    public List<PeerInfo> setLimits(PeerLimits newLimits) {
        return setLimits(newLimits, PeerJournal.NONE);
    }

    List<PeerInfo> setLimits(PeerLimits newLimits, PeerJournal journal) {
        Objects.requireNonNull(newLimits, "limits");
        writer.lock();
        try {
            int excess = peers.size() - newLimits.maxPeers();
            List<PeerInfo> evicted = excess > 0 ? evictable.stalest(excess) : List.of();
            if (!evicted.isEmpty()) {
                apply(Change.remove(evicted), journal);
                LOG.info("evicted {} stale disconnected peers down to max_peers={}", evicted.size(),
                        newLimits.maxPeers());
            }
            limits = newLimits;
            return evicted;
        } finally {
            writer.unlock();
        }
    }

    @Override
    public Optional<PeerInfo> get(PeerId id) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(peers.get(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<PeerInfo> all() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(peers.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<PeerInfo> closest(byte[] kadKey, int count) {
        lock.readLock().lock();
        try {
            List<PeerId> ids = index.closest(kadKey, count);
            List<PeerInfo> out = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                out.add(peers.get(ids.get(i)));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return peers.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public PeerLimits limits() {
        return limits;
    }

    /** type, size, limits, live connections per direction, evictable peers, and problems when over a limit. */
    @Override
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        lock.readLock().lock();
        try {
            PeerLimits current = limits;
            out.put("type", "memory");
            out.put("size", peers.size());
            out.put("limits", current);
            out.put("inbound", connections.count(ConnectionDirection.INBOUND));
            out.put("outbound", connections.count(ConnectionDirection.OUTBOUND));
            out.put("evictable", evictable.size());
            List<String> problems = new ArrayList<>(0);
            if (peers.size() > current.maxPeers()) {
                problems.add(peers.size() + " peers stored, over max_peers=" + current.maxPeers()
                        + " until connected peers disconnect");
            }
            if (!problems.isEmpty()) {
                out.put("problems", problems);
            }
        } finally {
            lock.readLock().unlock();
        }
        return out;
    }

    /** Nothing to release; the peers stay readable. */
    @Override
    public void close() {
        // in memory only
    }

    /** Runs {@code action} with no write in progress and none starting (used to close the persistent store). */
    void exclusive(Runnable action) {
        writer.lock();
        try {
            action.run();
        } finally {
            writer.unlock();
        }
    }

    private void checkDirectionLimit(PeerInfo existing, PeerInfo merged) throws DiscoveryException {
        ConnectionDirection slot = ConnectionCounts.slotOf(merged);
        if (slot == ConnectionDirection.NONE || slot == ConnectionCounts.slotOf(existing)) {
            return; // takes no new slot
        }
        int limit = limits.limitFor(slot);
        int used = connections.count(slot);
        if (used >= limit) {
            String key = slot == ConnectionDirection.INBOUND ? "max_inbound" : "max_outbound";
            throw new DiscoveryException(DiscoveryException.Kind.PEER_STORE_FULL, key + "=" + limit + " reached ("
                    + used + " peers connected " + slot.name().toLowerCase(Locale.ROOT) + "); "
                    + merged.id() + " refused");
        }
    }

    private List<PeerInfo> makeRoomFor(PeerInfo incoming) throws DiscoveryException {
        // Normally one; more only when a lower max_peers left the store over its limit.
        int excess = peers.size() + 1 - limits.maxPeers();
        if (excess <= 0) {
            return List.of();
        }
        List<PeerInfo> evicted = evictable.stalest(excess);
        if (evicted.isEmpty()) {
            throw new DiscoveryException(DiscoveryException.Kind.PEER_STORE_FULL, "max_peers=" + limits.maxPeers()
                    + " reached and all " + peers.size() + " stored peers are connected; " + incoming.id()
                    + " not added");
        }
        return evicted;
    }

    /** Journal first (it may refuse), then the in-memory structures under the write lock. */
    private void apply(Change change, PeerJournal journal) {
        journal.record(change);
        lock.writeLock().lock();
        try {
            for (PeerInfo gone : change.removed()) {
                PeerInfo old = peers.remove(gone.id());
                if (old != null) {
                    index.remove(old.id());
                    track(old, null);
                }
            }
            PeerInfo stored = change.stored();
            if (stored != null) {
                PeerInfo old = peers.get(stored.id());
                if (old == null) {
                    index.insert(stored.id());
                }
                peers.put(stored.id(), stored);
                track(old, stored);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void track(PeerInfo old, PeerInfo now) {
        evictable.replace(old, now);
        connections.replace(old, now);
    }
}
