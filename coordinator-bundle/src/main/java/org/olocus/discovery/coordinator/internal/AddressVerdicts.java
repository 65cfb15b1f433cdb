package org.olocus.discovery.coordinator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;

/**
 * What dials taught us about claims of the form "peer X is at address A", so that a mechanism repeating a claim we
 * disproved cannot put it back into the store:
 * <ul>
 * <li>refuted: a handshake at A proved another peer id (a forged or stale TXT record, gossip, DHT answer);</li>
 * <li>unreachable: A failed every dial that many times in a row.</li>
 * </ul>
 * Each verdict expires (a peer may move, an address may come back) and the table is bounded, oldest first out, so
 * a flood of claims cannot grow it. Thread-safe.
 */
final class AddressVerdicts {
    /** Why a claim is held back. */
    enum Kind {
        REFUTED,
        UNREACHABLE
    }

    record Verdict(Kind kind, Instant until, Optional<PeerId> realPeer) {
    }

    private record Claim(PeerId peer, Multiaddr address) {
    }

    static final int MAX_ENTRIES = 10_000;

    private final Clock clock;
    private final int maxEntries;
    private final Map<Claim, Verdict> verdicts = new LinkedHashMap<>();

    AddressVerdicts(Clock clock) {
        this(clock, MAX_ENTRIES);
    }

    AddressVerdicts(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** A handshake at {@code address} proved {@code realPeer}, not {@code claimed}. */
    synchronized void refuted(PeerId claimed, Multiaddr address, PeerId realPeer, Duration keep) {
        put(new Claim(claimed, address.withoutPeerId()),
                new Verdict(Kind.REFUTED, clock.instant().plus(keep), Optional.of(realPeer)));
    }

    /** {@code address} did not answer for {@code peer}, repeatedly. */
    synchronized void unreachable(PeerId peer, Multiaddr address, Duration keep) {
        put(new Claim(peer, address.withoutPeerId()), new Verdict(Kind.UNREACHABLE, clock.instant().plus(keep),
                Optional.empty()));
    }

    /** A handshake proved {@code peer} at {@code address} after all: whatever we held against it goes. */
    synchronized void proven(PeerId peer, Multiaddr address) {
        verdicts.remove(new Claim(peer, address.withoutPeerId()));
    }

    /** The verdict in force on the claim, if any. */
    synchronized Optional<Verdict> verdict(PeerId peer, Multiaddr address) {
        Claim claim = new Claim(peer, address.withoutPeerId());
        Verdict v = verdicts.get(claim);
        if (v == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(v.until())) {
            verdicts.remove(claim);
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** {@code addresses} without those held back for {@code peer}; the same list when none is. */
    List<Multiaddr> admissible(PeerId peer, List<Multiaddr> addresses) {
        List<Multiaddr> out = null;
        for (int i = 0; i < addresses.size(); i++) {
            boolean held = verdict(peer, addresses.get(i)).isPresent();
            if (held && out == null) {
                out = new ArrayList<>(addresses.subList(0, i));
            } else if (!held && out != null) {
                out.add(addresses.get(i));
            }
        }
        return out == null ? addresses : out;
    }

    synchronized int size() {
        return verdicts.size();
    }

    private void put(Claim claim, Verdict verdict) {
        verdicts.remove(claim); // re-inserted last: the table drops the oldest verdicts first
        verdicts.put(claim, verdict);
        Instant now = clock.instant();
        Iterator<Verdict> oldest = verdicts.values().iterator();
        while (verdicts.size() > maxEntries && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        if (verdicts.size() > maxEntries / 2) {
            verdicts.values().removeIf(v -> !now.isBefore(v.until()));
        }
    }
}
