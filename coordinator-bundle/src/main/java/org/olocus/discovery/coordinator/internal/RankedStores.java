package org.olocus.discovery.coordinator.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.olocus.discovery.api.PeerStore;

/**
 * The peer stores on offer, best first by {@code service.ranking} (then the older service). Only the
 * {@link PeerIntake} thread touches it.
 */
final class RankedStores {
    record Ranked(PeerStore store, int ranking, long serviceId) {
    }

    private static final Comparator<Ranked> BEST_FIRST = Comparator.comparingInt(Ranked::ranking).reversed()
            .thenComparingLong(Ranked::serviceId);

    private final List<Ranked> stores = new ArrayList<>();

    void put(PeerStore store, Map<String, ?> properties) {
        remove(store);
        stores.add(new Ranked(store, ranking(properties), serviceId(properties)));
        stores.sort(BEST_FIRST);
    }

    void remove(PeerStore store) {
        stores.removeIf(r -> r.store() == store);
    }

    Optional<Ranked> best() {
        return stores.isEmpty() ? Optional.empty() : Optional.of(stores.get(0));
    }

    List<Ranked> all() {
        return List.copyOf(stores);
    }

    private static int ranking(Map<String, ?> properties) {
        return properties.get("service.ranking") instanceof Integer i ? i : 0;
    }

    private static long serviceId(Map<String, ?> properties) {
        return properties.get("service.id") instanceof Long l ? l : Long.MAX_VALUE;
    }
}
