package org.olocus.discovery.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What we know of a peer: its id, addresses, protocols, when it was last seen, our connection to it, its
 * reputation, which mechanisms found it, and what a handshake proved of it. Immutable; build changed copies with
 * the {@code with…} methods.
 *
 * <p>An id that a mechanism reports (a TXT record, a gossip message, a DHT answer) is a claim; it becomes proven
 * when a libp2p handshake (Noise) with the peer shows that it holds the id's key. {@link #provenAt} says when that
 * last happened, {@link #provenAddresses} which of its addresses we reached it at.
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
 * @param provenAt    when a handshake last proved that the peer holds this id; empty while the id is only claimed
 * @param agentVersion what the peer said it runs (identify's agent version, e.g. {@code js-libp2p/3.3.11}); empty
 *                    when unknown
 * @param provenAddresses those of {@code addresses} at which we dialled the peer and a handshake proved its id,
 *                    without {@code /p2p}, no duplicates; always a subset of {@code addresses}
 */
public record PeerInfo(PeerId id, List<Multiaddr> addresses, Set<String> protocols, Instant lastSeen,
                       ConnectionStatus status, ConnectionDirection direction, double reputation,
                       Set<DiscoveryType> sources, Optional<Instant> provenAt, String agentVersion,
                       List<Multiaddr> provenAddresses) {
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
        provenAt = provenAt == null ? Optional.empty() : provenAt;
        agentVersion = agentVersion == null ? "" : agentVersion;
        List<Multiaddr> known = addresses;
        provenAddresses = provenAddresses == null ? List.of() : List.copyOf(provenAddresses.stream()
                .map(Multiaddr::withoutPeerId).filter(known::contains).distinct().toList());
    }

    /** A peer of which nothing is proven yet: the form every mechanism reports. */
    public PeerInfo(PeerId id, List<Multiaddr> addresses, Set<String> protocols, Instant lastSeen,
                    ConnectionStatus status, ConnectionDirection direction, double reputation,
                    Set<DiscoveryType> sources) {
        this(id, addresses, protocols, lastSeen, status, direction, reputation, sources, Optional.empty(), "",
                List.of());
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
        return new PeerInfo(id, addresses, protocols, when, status, direction, reputation, sources, provenAt,
                agentVersion, provenAddresses);
    }

    public PeerInfo withStatus(ConnectionStatus newStatus, ConnectionDirection newDirection) {
        return new PeerInfo(id, addresses, protocols, lastSeen, newStatus, newDirection, reputation, sources, provenAt,
                agentVersion, provenAddresses);
    }

    public PeerInfo withReputation(double newReputation) {
        return new PeerInfo(id, addresses, protocols, lastSeen, status, direction, newReputation, sources, provenAt,
                agentVersion, provenAddresses);
    }

    public PeerInfo withAddresses(List<Multiaddr> newAddresses) {
        return new PeerInfo(id, newAddresses, protocols, lastSeen, status, direction, reputation, sources, provenAt,
                agentVersion, provenAddresses);
    }

    public PeerInfo withProtocols(Set<String> newProtocols) {
        return new PeerInfo(id, addresses, newProtocols, lastSeen, status, direction, reputation, sources, provenAt,
                agentVersion, provenAddresses);
    }

    public PeerInfo withSources(Set<DiscoveryType> newSources) {
        return new PeerInfo(id, addresses, protocols, lastSeen, status, direction, reputation, newSources, provenAt,
                agentVersion, provenAddresses);
    }

    /**
     * Proven at {@code when} by a handshake; {@code reachedAt} are the addresses we dialled it at in that
     * handshake (empty for a connection it opened to us: its source port says nothing of where it listens). They
     * are added to its addresses and marked proven.
     */
    public PeerInfo withProof(Instant when, List<Multiaddr> reachedAt) {
        List<Multiaddr> all = new ArrayList<>(addresses);
        all.addAll(reachedAt);
        List<Multiaddr> proven = new ArrayList<>(provenAddresses);
        proven.addAll(reachedAt);
        return new PeerInfo(id, all, protocols, lastSeen, status, direction, reputation, sources,
                Optional.of(when), agentVersion, proven);
    }

    public PeerInfo withAgentVersion(String newAgentVersion) {
        return new PeerInfo(id, addresses, protocols, lastSeen, status, direction, reputation, sources, provenAt,
                newAgentVersion, provenAddresses);
    }

    /** Whether a handshake ever proved that the peer holds this id. */
    public boolean isProven() {
        return provenAt.isPresent();
    }

    /** Whether a live connection holds this peer (connected or being connected). */
    public boolean isConnected() {
        return status == ConnectionStatus.CONNECTED || status == ConnectionStatus.CONNECTING;
    }

    @Override
    public String toString() {
        return id + " " + addresses + " " + status + (direction == ConnectionDirection.NONE ? "" : "/" + direction)
                + " rep=" + reputation + " seen=" + lastSeen + " via=" + sources
                + provenAt.map(t -> " proven=" + t).orElse(" unproven")
                + (provenAddresses.isEmpty() ? "" : " reached=" + provenAddresses)
                + (agentVersion.isEmpty() ? "" : " agent=" + agentVersion)
                + (protocols.isEmpty() ? "" : " protocols=" + protocols);
    }
}
