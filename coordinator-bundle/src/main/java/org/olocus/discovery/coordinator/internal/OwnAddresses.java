package org.olocus.discovery.coordinator.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.Multiaddr;

/**
 * The addresses we announce, built from what really listens: the {@link Host}'s listen addresses (a wildcard bind
 * listed per interface address, as identify tells them), then the configured {@code announce_addresses} (a NAT'd
 * or public address the operator knows), then observed addresses that enough peers confirmed. Without a Host
 * nothing listens, so only the configured addresses are announced. Wildcards and port 0 are never announced.
 */
final class OwnAddresses {
    private final ObservedAddresses observed;
    private volatile Host host;

    OwnAddresses(ObservedAddresses observed) {
        this.observed = observed;
    }

    void host(Host newHost) {
        host = newHost;
    }

    Host host() {
        return host;
    }

    ObservedAddresses observed() {
        return observed;
    }

    /** What to announce now, in that order, without duplicates. */
    List<Multiaddr> current(List<Multiaddr> configured) {
        Set<Multiaddr> out = new LinkedHashSet<>();
        Host h = host;
        List<Multiaddr> listen = List.of();
        if (h != null) {
            try {
                listen = h.listenAddresses();
            } catch (RuntimeException e) {
                listen = List.of(); // a host being torn down; its unbind follows
            }
        }
        for (Multiaddr a : listen) {
            if (DialableAddresses.isDialable(a)) {
                out.add(a.withoutPeerId());
            }
        }
        configured.forEach(a -> out.add(a.withoutPeerId()));
        if (h != null) {
            out.addAll(observed.confirmed(listen));
        }
        return new ArrayList<>(out);
    }
}
