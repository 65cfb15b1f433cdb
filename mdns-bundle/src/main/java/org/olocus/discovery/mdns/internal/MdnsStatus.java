package org.olocus.discovery.mdns.internal;

import java.util.List;

/**
 * What {@code mdns:status} shows.
 *
 * @param active        whether the mechanism runs
 * @param self          our peer id, or "-" before start
 * @param settings      the configuration in force
 * @param links         each responder and its state
 * @param services      services tracked now
 * @param peers         distinct peers among them
 * @param counters      resolutions, pushes, losses and rejections by reason
 * @param openFailures  responders that failed to open or advertise
 * @param effectiveTtl  the TTL JmDNS really uses (fixed when its classes load)
 */
public record MdnsStatus(boolean active, String self, MdnsSettings settings, List<LinkSet.LinkStatus> links,
                         int services, int peers, ServiceTracker.Counters counters, long openFailures,
                         int effectiveTtl) {
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("mDNS ").append(active ? "ACTIVE" : "STOPPED").append(" as ").append(self).append('\n');
        b.append("  types ").append(settings.serviceTypes()).append(" port ").append(settings.port())
                .append(" ttl ").append(settings.ttlSeconds()).append("s (in force: ").append(effectiveTtl)
                .append("s) interfaces ").append(settings.interfaces().isEmpty() ? "all" : settings.interfaces())
                .append('\n');
        b.append("  links ").append(links.size()).append(links.isEmpty() ? "" : ":").append('\n');
        links.forEach(l -> b.append("    ").append(l).append('\n'));
        b.append("  services ").append(services).append(" (max ").append(settings.maxServices()).append("), peers ")
                .append(peers).append('\n');
        if (counters != null) {
            b.append("  resolved ").append(counters.resolved()).append(", pushed ").append(counters.pushed())
                    .append(", lost ").append(counters.lost()).append(", over limit ").append(counters.overLimit())
                    .append(", own ").append(counters.self()).append(", open failures ").append(openFailures)
                    .append('\n');
            b.append("  rejected ").append(counters.rejected()).append('\n');
            if (!counters.lastRejection().isEmpty()) {
                b.append("  last rejection: ").append(counters.lastRejection()).append('\n');
            }
        }
        return b.toString();
    }
}
