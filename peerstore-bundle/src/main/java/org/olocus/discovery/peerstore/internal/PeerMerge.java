package org.olocus.discovery.peerstore.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerInfo;

/**
 * The rules by which a new report of a peer is folded into what the store knows of it.
 *
 * <ul>
 * <li>Addresses: the stored ones first, then new ones, without duplicates, at most
 * {@value PeerBounds#MAX_ADDRESSES}. Over the bound the oldest stored addresses that the new report does not repeat
 * are dropped, so the newest report's addresses are always kept (its first 32 if it brings more).</li>
 * <li>Protocols: unioned, at most {@value PeerBounds#MAX_PROTOCOLS}; over the bound the new report's protocols
 * win, the rest fill up in sorted order. Protocol ids longer than {@value PeerBounds#MAX_PROTOCOL_BYTES} UTF-8
 * bytes are dropped.</li>
 * <li>{@code lastSeen}: the later of the two.</li>
 * <li>Sources: unioned.</li>
 * <li>Proof: {@code provenAt} is the later of the two; proven addresses are unioned (and stay a subset of the
 * merged addresses); the agent version is the newer report's when it has one, cut to
 * {@value PeerBounds#MAX_AGENT_BYTES} UTF-8 bytes.</li>
 * <li>Status and direction: the report's, when it is at least as recent as what is stored and its status is not
 * {@code UNKNOWN} (a mechanism that merely found the peer knows nothing of our connection); else kept.</li>
 * <li>Reputation: a report that carries a reputation other than 0 and other than the stored one sets it (it is
 * the newer judgement). Otherwise the stored value stays, plus 1 for each source that had not reported the peer
 * before (independent confirmation), capped at {@link PeerInfo#MAX_REPUTATION}. A consequence: a report cannot
 * reset a reputation to exactly 0.</li>
 * </ul>
 *
 * Stateless; the store calls it under its write lock.
 */
final class PeerMerge {
    private PeerMerge() {
    }

    /** A peer seen for the first time, cut to the bounds the store keeps. */
    static PeerInfo admit(PeerInfo incoming) {
        List<Multiaddr> addresses = boundAddresses(List.of(), incoming.addresses());
        Set<String> protocols = boundProtocols(Set.of(), incoming.protocols());
        String agent = boundAgent(incoming.agentVersion());
        if (addresses == incoming.addresses() && protocols == incoming.protocols()
                && agent == incoming.agentVersion()) {
            return incoming;
        }
        return new PeerInfo(incoming.id(), addresses, protocols, incoming.lastSeen(), incoming.status(),
                incoming.direction(), incoming.reputation(), incoming.sources(), incoming.provenAt(), agent,
                incoming.provenAddresses());
    }

    /** {@code existing} updated by {@code incoming}; {@code existing} itself when nothing changes. */
    static PeerInfo merge(PeerInfo existing, PeerInfo incoming) {
        if (!existing.id().equals(incoming.id())) {
            throw new IllegalArgumentException("cannot merge " + incoming.id() + " into " + existing.id());
        }
        boolean incomingIsNewer = !incoming.lastSeen().isBefore(existing.lastSeen());
        boolean takeConnection = incomingIsNewer && incoming.status() != ConnectionStatus.UNKNOWN;
        ConnectionStatus status = takeConnection ? incoming.status() : existing.status();
        ConnectionDirection direction = takeConnection ? incoming.direction() : existing.direction();
        Instant lastSeen = incomingIsNewer ? incoming.lastSeen() : existing.lastSeen();

        int newSources = 0;
        for (DiscoveryType source : incoming.sources()) {
            if (!existing.sources().contains(source)) {
                newSources++;
            }
        }
        Set<DiscoveryType> sources = newSources == 0 ? existing.sources() : union(existing.sources(),
                incoming.sources());

        Optional<Instant> provenAt = later(existing.provenAt(), incoming.provenAt());
        String agent = incoming.agentVersion().isEmpty() || (!incomingIsNewer && !existing.agentVersion().isEmpty())
                ? existing.agentVersion() : boundAgent(incoming.agentVersion());
        List<Multiaddr> proven = incoming.provenAddresses().isEmpty() ? existing.provenAddresses()
                : union(existing.provenAddresses(), incoming.provenAddresses());

        PeerInfo merged = new PeerInfo(existing.id(), boundAddresses(existing.addresses(), incoming.addresses()),
                boundProtocols(existing.protocols(), incoming.protocols()), lastSeen, status, direction,
                reputation(existing.reputation(), incoming.reputation(), newSources), sources, provenAt, agent,
                proven);
        return merged.equals(existing) ? existing : merged;
    }

    /** {@code existing} without {@code gone} (and their proven marks); {@code existing} when it had none of them. */
    static PeerInfo withoutAddresses(PeerInfo existing, Collection<Multiaddr> gone) {
        Set<Multiaddr> drop = new HashSet<>();
        gone.forEach(a -> drop.add(a.withoutPeerId()));
        List<Multiaddr> kept = existing.addresses().stream().filter(a -> !drop.contains(a)).toList();
        return kept.size() == existing.addresses().size() ? existing : existing.withAddresses(kept);
    }

    private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().isAfter(a.get()) ? b : a;
    }

    private static List<Multiaddr> union(List<Multiaddr> a, List<Multiaddr> b) {
        LinkedHashSet<Multiaddr> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all.size() == a.size() ? a : new ArrayList<>(all);
    }

    /** The agent version cut to {@value PeerBounds#MAX_AGENT_BYTES} UTF-8 bytes (whole characters). */
    static String boundAgent(String agent) {
        if (agent.length() * 3 <= PeerBounds.MAX_AGENT_BYTES
                || agent.getBytes(StandardCharsets.UTF_8).length <= PeerBounds.MAX_AGENT_BYTES) {
            return agent;
        }
        int end = Math.min(agent.length(), PeerBounds.MAX_AGENT_BYTES);
        while (agent.substring(0, end).getBytes(StandardCharsets.UTF_8).length > PeerBounds.MAX_AGENT_BYTES) {
            end--;
        }
        if (end > 0 && Character.isHighSurrogate(agent.charAt(end - 1))) {
            end--;
        }
        return agent.substring(0, end);
    }

    static double reputation(double existing, double incoming, int newSources) {
        if (incoming != 0 && incoming != existing) {
            return incoming;
        }
        return Math.min(PeerInfo.MAX_REPUTATION, existing + newSources);
    }

    /** Existing first, then new, at most 32; returns {@code existing} itself when the report adds nothing. */
    static List<Multiaddr> boundAddresses(List<Multiaddr> existing, List<Multiaddr> incoming) {
        if (existing.isEmpty() && incoming.size() <= PeerBounds.MAX_ADDRESSES && noneEmpty(incoming)) {
            return incoming;
        }
        boolean addsNothing = true;
        for (Multiaddr a : incoming) {
            if (isEmpty(a) || !existing.contains(a)) {
                addsNothing = false;
                break;
            }
        }
        if (addsNothing && existing.size() <= PeerBounds.MAX_ADDRESSES) {
            return existing;
        }
        Set<Multiaddr> fresh = new LinkedHashSet<>();
        for (Multiaddr a : incoming) {
            if (!isEmpty(a) && fresh.size() < PeerBounds.MAX_ADDRESSES) {
                fresh.add(a);
            }
        }
        LinkedHashSet<Multiaddr> union = new LinkedHashSet<>(existing);
        union.addAll(fresh);
        // Drop the oldest addresses the newest report did not repeat, front to back, until within the bound.
        Iterator<Multiaddr> oldestFirst = union.iterator();
        while (union.size() > PeerBounds.MAX_ADDRESSES && oldestFirst.hasNext()) {
            if (!fresh.contains(oldestFirst.next())) {
                oldestFirst.remove();
            }
        }
        return new ArrayList<>(union);
    }

    /** The union, at most 64 ids of at most 256 bytes; returns {@code existing} when the report adds nothing. */
    static Set<String> boundProtocols(Set<String> existing, Set<String> incoming) {
        if (existing.containsAll(incoming) && existing.size() <= PeerBounds.MAX_PROTOCOLS) {
            return existing;
        }
        Set<String> kept = new HashSet<>();
        addSorted(kept, incoming);
        addSorted(kept, existing);
        if (kept.size() == existing.size() && kept.containsAll(existing)) {
            return existing; // everything new was too long
        }
        return kept;
    }

    private static void addSorted(Set<String> kept, Set<String> protocols) {
        for (String protocol : new TreeSet<>(protocols)) {
            if (kept.size() == PeerBounds.MAX_PROTOCOLS) {
                return;
            }
            if (fits(protocol)) {
                kept.add(protocol);
            }
        }
    }

    static boolean fits(String protocol) {
        // A char is at most 3 UTF-8 bytes, so short ids need no encoding to be checked.
        return protocol.length() * 3 <= PeerBounds.MAX_PROTOCOL_BYTES
                || protocol.getBytes(StandardCharsets.UTF_8).length <= PeerBounds.MAX_PROTOCOL_BYTES;
    }

    private static boolean noneEmpty(List<Multiaddr> addresses) {
        for (Multiaddr a : addresses) {
            if (isEmpty(a)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEmpty(Multiaddr address) {
        // PeerInfo strips a trailing /p2p/<id>, so "/p2p/<id>" alone becomes an empty address: it says nothing.
        return address.toBytes().length == 0;
    }

    private static Set<DiscoveryType> union(Set<DiscoveryType> a, Set<DiscoveryType> b) {
        EnumSet<DiscoveryType> all = EnumSet.noneOf(DiscoveryType.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}
