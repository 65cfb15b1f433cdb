package org.olocus.discovery.coordinator.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.MultiaddrProtocol;
import org.olocus.discovery.api.PeerId;

/**
 * Our addresses as other peers see them (identify's observed address), kept until at least
 * {@value #CONFIRMATIONS} distinct peers reported the same one: one peer's word is not enough to announce an
 * address (it could lie, or sit behind the same NAT). Only the IP counts: the port a peer sees on a connection we
 * dialled is our ephemeral source port, so a confirmed IP is announced with our listen port of that family, as
 * libp2p's observed-address manager does. Observations expire after {@link #KEEP}; the table is bounded.
 * Thread-safe.
 */
final class ObservedAddresses {
    static final int CONFIRMATIONS = 2;
    static final Duration KEEP = Duration.ofMinutes(30);
    private static final int MAX_IPS = 64;
    private static final int MAX_OBSERVERS = 16;

    private final Clock clock;
    /** Observed IP (its ip4/ip6 component) → who saw it, when. */
    private final Map<Multiaddr, Map<PeerId, Instant>> byIp = new LinkedHashMap<>();

    ObservedAddresses(Clock clock) {
        this.clock = clock;
    }

    /**
     * {@code observer} says it sees us at {@code observed}. Returns whether that made a new address confirmed.
     * Unspecified, loopback, link-local and multicast IPs are ignored: they are no place for others to dial.
     */
    synchronized boolean observed(PeerId observer, Multiaddr observed) {
        Multiaddr ip = usableIp(observed);
        if (ip == null) {
            return false;
        }
        Instant now = clock.instant();
        expire(now);
        Map<PeerId, Instant> observers = byIp.get(ip);
        if (observers == null) {
            if (byIp.size() >= MAX_IPS) {
                return false; // full of recent observations: a flood of distinct claims is not worth more room
            }
            observers = new HashMap<>();
            byIp.put(ip, observers);
        }
        boolean wasConfirmed = observers.size() >= CONFIRMATIONS;
        if (!observers.containsKey(observer) && observers.size() >= MAX_OBSERVERS) {
            return false;
        }
        observers.put(observer, now);
        return !wasConfirmed && observers.size() >= CONFIRMATIONS;
    }

    /**
     * The confirmed IPs, each with the TCP port of the first of {@code listen} of the same family; IPs we already
     * listen on are left out.
     */
    synchronized List<Multiaddr> confirmed(List<Multiaddr> listen) {
        expire(clock.instant());
        List<Multiaddr> out = new ArrayList<>();
        for (Map.Entry<Multiaddr, Map<PeerId, Instant>> e : byIp.entrySet()) {
            if (e.getValue().size() < CONFIRMATIONS) {
                continue;
            }
            MultiaddrProtocol family = e.getKey().components().get(0).protocol();
            for (Multiaddr l : listen) {
                List<Multiaddr.Component> cs = l.components();
                if (cs.size() >= 2 && cs.get(0).protocol() == family && cs.get(1).protocol() == MultiaddrProtocol.TCP) {
                    if (!cs.get(0).equals(e.getKey().components().get(0))) {
                        out.add(Multiaddr.parse(e.getKey() + cs.get(1).toString()));
                    }
                    break;
                }
            }
        }
        return out;
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(KEEP);
        byIp.values().forEach(o -> o.values().removeIf(seen -> seen.isBefore(cutoff)));
        byIp.values().removeIf(Map::isEmpty);
    }

    /** The {@code /ip4/…} or {@code /ip6/…} part of an address worth announcing, else null. */
    private static Multiaddr usableIp(Multiaddr observed) {
        List<Multiaddr.Component> cs = observed.withoutPeerId().components();
        if (cs.isEmpty()) {
            return null;
        }
        Multiaddr.Component first = cs.get(0);
        if (first.protocol() != MultiaddrProtocol.IP4 && first.protocol() != MultiaddrProtocol.IP6) {
            return null;
        }
        try {
            InetAddress ip = InetAddress.getByAddress(first.value());
            if (ip.isAnyLocalAddress() || ip.isLoopbackAddress() || ip.isLinkLocalAddress()
                    || ip.isMulticastAddress()) {
                return null;
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return Multiaddr.parse(first.toString());
    }
}
