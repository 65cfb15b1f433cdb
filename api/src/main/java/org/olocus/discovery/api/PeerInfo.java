package org.olocus.discovery.api;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What we know of a peer: its id, addresses, protocols, when it was last seen, our connection to it, its
 * reputation and which mechanisms found it. Immutable; build changed copies with the {@code with…} methods.
 *
 * @param id          the peer's id
 * @param addresses   its multiaddrs, without the trailing {@code /p2p/<id>}, in insertion order, no duplicates,
 *                    none empty
 * @param protocols   protocol ids it speaks
 * @param lastSeen    when any mechanism or connection last saw it
 * @param status      our connection to it
 * @param direction   who opened that connection
 * @param reputation  a score in [-100, 100]; 0 for a peer we know nothing bad or good of
 * @param sources     the mechanisms that reported it
 */
public record PeerInfo(PeerId id, List<Multiaddr> addresses, Set<String> protocols, Instant lastSeen,
                       ConnectionStatus status, ConnectionDirection direction, double reputation,
                       Set<DiscoveryType> sources) {
    public static final double MIN_REPUTATION = -100;
    public static final double MAX_REPUTATION = 100;

    public PeerInfo {
        if (id == null) {
            throw new IllegalArgumentException("a peer needs an id");
        }
        addresses = addresses == null ? List.of() : List.copyOf(addresses.stream()
                .map(Multiaddr::withoutPeerId).filter(a -> !a.isEmpty()).distinct().toList());
        protocols = protocols == null ? Set.of() : Set.copyOf(protocols);
        lastSeen = lastSeen == null ? Instant.EPOCH : lastSeen;
        status = status == null ? ConnectionStatus.UNKNOWN : status;
        direction = direction == null ? ConnectionDirection.NONE : direction;
        if (Double.isNaN(reputation)) {
            throw new IllegalArgumentException("reputation must be a number");
        }
        reputation = Math.max(MIN_REPUTATION, Math.min(MAX_REPUTATION, reputation));
        sources = sources == null || sources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sources));
    }

    /** A newly discovered peer: seen now, not connected, neutral reputation. */
    public static PeerInfo discovered(PeerId id, List<Multiaddr> addresses, DiscoveryType source) {
        return new PeerInfo(id, addresses, Set.of(), Instant.now(), ConnectionStatus.UNKNOWN, ConnectionDirection.NONE,
                0, Set.of(source));
    }

    /**
     * A peer from a multiaddr that ends in {@code /p2p/<id>}; the error names the address when it has no id.
     */
    public static PeerInfo fromMultiaddr(Multiaddr address, DiscoveryType source) {
        PeerId peerId = address.peerId().orElseThrow(() -> new IllegalArgumentException(
                "multiaddr " + address + " has no /p2p/<peer id> part"));
        return discovered(peerId, List.of(address), source);
    }

    public PeerInfo withLastSeen(Instant when) {
        return new PeerInfo(id, addresses, protocols, when, status, direction, reputation, sources);
    }

    public PeerInfo withStatus(ConnectionStatus newStatus, ConnectionDirection newDirection) {
        return new PeerInfo(id, addresses, protocols, lastSeen, newStatus, newDirection, reputation, sources);
    }

    public PeerInfo withReputation(double newReputation) {
        return new PeerInfo(id, addresses, protocols, lastSeen, status, direction, newReputation, sources);
    }

    public PeerInfo withAddresses(List<Multiaddr> newAddresses) {
        return new PeerInfo(id, newAddresses, protocols, lastSeen, status, direction, reputation, sources);
    }

    public PeerInfo withProtocols(Set<String> newProtocols) {
        return new PeerInfo(id, addresses, newProtocols, lastSeen, status, direction, reputation, sources);
    }

    public PeerInfo withSources(Set<DiscoveryType> newSources) {
        return new PeerInfo(id, addresses, protocols, lastSeen, status, direction, reputation, newSources);
    }

    /** Whether a live connection holds this peer (connected or being connected). */
    public boolean isConnected() {
        return status == ConnectionStatus.CONNECTED || status == ConnectionStatus.CONNECTING;
    }

    @Override
    public String toString() {
        return id + " " + addresses + " " + status + (direction == ConnectionDirection.NONE ? "" : "/" + direction)
                + " rep=" + reputation + " seen=" + lastSeen + " via=" + sources
                + (protocols.isEmpty() ? "" : " protocols=" + protocols);
    }
}
