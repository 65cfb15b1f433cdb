package org.olocus.discovery.coordinator.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.api.PeerStore;
import org.olocus.discovery.api.StoreUpdate;

/** A plain map-backed store for coordinator tests: last report wins, a scan for closest. */
class FakeStore implements PeerStore {
    private final Map<PeerId, PeerInfo> peers = new ConcurrentHashMap<>();
    private final String name;

    FakeStore(String name) {
        this.name = name;
    }

    @Override
    public StoreUpdate add(PeerInfo peer) throws DiscoveryException {
        PeerInfo before = peers.put(peer.id(), peer);
        return new StoreUpdate(peer, before == null ? StoreUpdate.Kind.ADDED
                : before.equals(peer) ? StoreUpdate.Kind.UNCHANGED : StoreUpdate.Kind.UPDATED, List.of());
    }

    @Override
    public Optional<StoreUpdate> forgetAddresses(PeerId id, Collection<Multiaddr> addresses) {
        PeerInfo before = peers.get(id);
        if (before == null) {
            return Optional.empty();
        }
        PeerInfo after = before.withAddresses(before.addresses().stream().filter(a -> !addresses.contains(a))
                .toList());
        peers.put(id, after);
        return Optional.of(new StoreUpdate(after, after.equals(before) ? StoreUpdate.Kind.UNCHANGED
                : StoreUpdate.Kind.UPDATED, List.of()));
    }

    @Override
    public Optional<PeerInfo> remove(PeerId id) {
        return Optional.ofNullable(peers.remove(id));
    }

    @Override
    public Optional<PeerInfo> get(PeerId id) {
        return Optional.ofNullable(peers.get(id));
    }

    @Override
    public List<PeerInfo> all() {
        return new ArrayList<>(peers.values());
    }

    @Override
    public List<PeerInfo> closest(byte[] kadKey, int count) {
        return peers.values().stream()
                .sorted((a, b) -> a.id().compareDistance(b.id(), kadKey))
                .limit(count).toList();
    }

    @Override
    public boolean markSeen(PeerId id, Instant when) {
        return peers.computeIfPresent(id, (k, p) -> p.withLastSeen(when)) != null;
    }

    @Override
    public int size() {
        return peers.size();
    }

    @Override
    public PeerLimits limits() {
        return PeerLimits.DEFAULT;
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("type", "fake", "name", name);
    }

    @Override
    public String toString() {
        return "FakeStore(" + name + ")";
    }
}
