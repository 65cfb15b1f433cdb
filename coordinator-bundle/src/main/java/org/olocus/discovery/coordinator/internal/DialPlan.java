package org.olocus.discovery.coordinator.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.MultiaddrProtocol;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;

/**
 * Which stored peers the dialler tries next: those with no connection, not being dialled, out of their retry
 * backoff, and with an address worth dialling; peers whose id is only claimed before proven ones we lost, then the
 * most recently seen, then the best reputed. Pure: the dialler hands it the state it needs.
 */
final class DialPlan {
    /** A peer to dial at these addresses, in order. */
    record Candidate(PeerInfo peer, List<Multiaddr> addresses) {
    }

    static final Comparator<PeerInfo> ORDER = Comparator.comparing(PeerInfo::isProven)
            .thenComparing(PeerInfo::lastSeen, Comparator.reverseOrder())
            .thenComparing(PeerInfo::reputation, Comparator.reverseOrder());

    private DialPlan() {
    }

    /**
     * Up to {@code count} candidates from {@code peers}.
     *
     * @param busy        peers connected, being connected or being dialled now
     * @param retryAfter  when a peer may be dialled again ({@link Instant#MIN} for never failed)
     * @param admissible  the peer's addresses that no verdict holds back
     */
    static List<Candidate> next(List<PeerInfo> peers, int count, Instant now, Predicate<PeerId> busy,
                                Function<PeerId, Instant> retryAfter,
                                BiFunction<PeerId, List<Multiaddr>, List<Multiaddr>> admissible) {
        if (count <= 0) {
            return List.of();
        }
        List<PeerInfo> eligible = new ArrayList<>();
        for (PeerInfo p : peers) {
            if (!p.isConnected() && !busy.test(p.id()) && !retryAfter.apply(p.id()).isAfter(now)
                    && !dialable(p.addresses()).isEmpty()) {
                eligible.add(p);
            }
        }
        eligible.sort(ORDER);
        List<Candidate> out = new ArrayList<>(Math.min(count, eligible.size()));
        for (PeerInfo p : eligible) {
            List<Multiaddr> addresses = admissible.apply(p.id(), dialable(p.addresses()));
            if (!addresses.isEmpty()) {
                out.add(new Candidate(p, provenFirst(p, addresses)));
                if (out.size() == count) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Addresses our transport dials: plain TCP on an IP ({@code /ip4|ip6/…/tcp/<port>}). DNS names wait for a
     * resolver; QUIC, WebSocket and relay addresses for transports we do not have.
     */
    static List<Multiaddr> dialable(List<Multiaddr> addresses) {
        List<Multiaddr> out = new ArrayList<>(addresses.size());
        for (Multiaddr a : addresses) {
            List<Multiaddr.Component> cs = a.components();
            if (cs.size() == 2 && (cs.get(0).protocol() == MultiaddrProtocol.IP4
                    || cs.get(0).protocol() == MultiaddrProtocol.IP6)
                    && cs.get(1).protocol() == MultiaddrProtocol.TCP && DialableAddresses.isDialable(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Addresses a handshake already proved are tried first. */
    private static List<Multiaddr> provenFirst(PeerInfo p, List<Multiaddr> addresses) {
        if (p.provenAddresses().isEmpty()) {
            return addresses;
        }
        Set<Multiaddr> proven = Set.copyOf(p.provenAddresses());
        List<Multiaddr> out = new ArrayList<>(addresses.size());
        addresses.stream().filter(proven::contains).forEach(out::add);
        addresses.stream().filter(a -> !proven.contains(a)).forEach(out::add);
        return out;
    }
}
