package org.olocus.discovery.dns.internal;

import java.util.List;
import java.util.Map;

/**
 * What {@code dns:status} shows: configuration (and a refused one), each domain's last outcome with its
 * {@code DiscoveryException} kind, address-only hosts, counters, skipped records and the announce state.
 *
 * @param active          whether the mechanism is started
 * @param settings        the configuration in force, one line
 * @param configError     why the latest configuration was refused, or null
 * @param domains         per domain (source + name), its last outcome
 * @param addressOnly     hosts that DNS lists without a usable id, from the latest results
 * @param queriesSent     queries sent to servers
 * @param cacheHits       answers served from the answer cache
 * @param cacheMisses     questions the answer cache could not answer
 * @param cachedAnswers   entries in the answer cache
 * @param recordsOverLimit records ignored because an answer held too many
 * @param skipped         skipped records by category
 * @param recentSkipped   the latest skipped records with their reasons
 * @param announce        the RFC 2136 announce state
 * @param hostPresent     whether the transport's host is there to dial address-only targets
 * @param dials           dial counters and the ids proven so far
 */
public record DnsStatus(boolean active, String settings, String configError, Map<String, DomainHealth.State> domains,
                        List<AddressOnlyTarget> addressOnly, long queriesSent, long cacheHits, long cacheMisses,
                        int cachedAnswers, long recordsOverLimit, Map<String, Long> skipped,
                        List<String> recentSkipped, String announce, boolean hostPresent, TargetDialer.Stats dials) {
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append("active: ").append(active).append('\n');
        out.append("settings: ").append(settings).append('\n');
        if (configError != null) {
            out.append("CONFIG ERROR: ").append(configError).append('\n');
        }
        out.append("announce: ").append(announce).append('\n');
        out.append("queries sent: ").append(queriesSent).append(", answer cache: ").append(cachedAnswers)
                .append(" entries, ").append(cacheHits).append(" hits, ").append(cacheMisses).append(" misses")
                .append(", records over limit: ").append(recordsOverLimit).append('\n');
        out.append("domains:");
        if (domains.isEmpty()) {
            out.append(" none looked up yet");
        }
        domains.forEach((d, s) -> out.append("\n  ").append(d).append(": ").append(s));
        out.append("\naddress-only:");
        if (addressOnly.isEmpty()) {
            out.append(" none");
        }
        addressOnly.forEach(a -> out.append("\n  ").append(a));
        out.append("\naddress-only dials: ").append(hostPresent ? "" : "off (no transport host); ").append(dials);
        dials.provenIds().forEach(p -> out.append("\n  proven ").append(p));
        out.append("\nskipped records: ").append(skipped.isEmpty() ? "none" : skipped);
        recentSkipped.forEach(r -> out.append("\n  ").append(r));
        return out.toString();
    }
}
