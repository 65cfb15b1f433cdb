package org.olocus.discovery.dns.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.PeerInfo;

/**
 * What one lookup of a domain found: peers with a proven-by-DNS id, address-only hosts, the records skipped and
 * why, and, when the lookup failed as a whole, the failure. It stays valid until the first answer it used expires.
 *
 * @param domain          the domain as configured
 * @param source          {@link Source#SRV} or {@link Source#DNSADDR}
 * @param peers           peers in RFC 2782 order (SRV) or answer order (dnsaddr)
 * @param addressOnly     hosts without a usable id
 * @param problems        records skipped and targets that failed, one line each
 * @param error           the failure of the whole lookup (no SRV answer, NXDOMAIN, timeout…), if any
 * @param lookedUpAt      when the lookup finished
 * @param micros          how long it took
 * @param expiresAtNanos  {@link System#nanoTime()} after which it must be looked up again
 */
public record DomainResult(String domain, Source source, List<PeerInfo> peers, List<AddressOnlyTarget> addressOnly,
                           List<String> problems, Optional<DiscoveryException> error, Instant lookedUpAt, long micros,
                           long expiresAtNanos) {
    /** Which kind of lookup. */
    public enum Source {
        SRV,
        DNSADDR
    }

    public DomainResult {
        peers = List.copyOf(peers);
        addressOnly = List.copyOf(addressOnly);
        problems = List.copyOf(problems);
    }

    boolean expired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append(source).append(' ').append(domain).append(": ").append(peers.size()).append(" peers, ")
                .append(addressOnly.size()).append(" address-only, ").append(problems.size()).append(" skipped, ")
                .append(micros).append(" µs");
        error.ifPresent(e -> out.append("\n  error: ").append(e.getMessage()));
        peers.forEach(p -> out.append("\n  peer ").append(p.id()).append(' ').append(p.addresses())
                .append(p.protocols().isEmpty() ? "" : " " + p.protocols()));
        addressOnly.forEach(a -> out.append("\n  ").append(a));
        if (!problems.isEmpty()) {
            out.append(problems.stream().map(p -> "\n  skipped " + p).collect(Collectors.joining()));
        }
        return out.toString();
    }
}
