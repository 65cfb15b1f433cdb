package org.olocus.discovery.coordinator.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.olocus.discovery.api.DiscoveryType;

/**
 * How many times a handshake disproved an id that a mechanism of each type reported (its TXT record, gossip or DHT
 * answer said peer X is at address A, and whoever answered at A held another key). Thread-safe.
 */
final class FalseClaims {
    private final Map<DiscoveryType, AtomicLong> counts = new EnumMap<>(DiscoveryType.class);

    FalseClaims() {
        for (DiscoveryType t : DiscoveryType.values()) {
            counts.put(t, new AtomicLong());
        }
    }

    /** One false claim, charged to every mechanism type that reported it. */
    void count(Set<DiscoveryType> reportedBy) {
        reportedBy.forEach(t -> counts.get(t).incrementAndGet());
    }

    long of(DiscoveryType type) {
        return type == null ? 0 : counts.get(type).get();
    }
}
