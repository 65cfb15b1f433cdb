package org.olocus.discovery.dns.internal;

import java.util.List;

import org.olocus.discovery.api.Multiaddr;

/**
 * A host that DNS lists but whose peer id it does not prove. It is reported, never stored under an invented id;
 * dialling it (the handshake proves the id) is for the transport bundle's {@code Host}.
 *
 * @param target    the SRV target or the /dnsaddr name it came from
 * @param addresses where it can be reached
 * @param reason    why it has no id
 */
public record AddressOnlyTarget(String target, List<Multiaddr> addresses, String reason) {
    public AddressOnlyTarget {
        addresses = List.copyOf(addresses);
    }

    @Override
    public String toString() {
        return target + " " + addresses + " (address only: " + reason + ")";
    }
}
