package org.olocus.discovery.mdns.internal;

import javax.jmdns.impl.constants.DNSConstants;
import javax.jmdns.impl.tasks.state.DNSStateTask;

/**
 * JmDNS reads its record TTL once, from the system property {@code net.dns.ttl}, when its constants class loads;
 * announcements use a settable default. We set both before the first JmDNS class of this bundle loads, so the
 * configured {@code ttl} applies from the first activation; a later change needs a bundle refresh (which loads
 * the embedded JmDNS afresh) and {@code mdns:status} shows the TTL really in force.
 */
final class JmdnsTtl {
    private static final String PROPERTY = "net.dns.ttl";

    private JmdnsTtl() {
    }

    /** Applies {@code seconds}; returns the TTL JmDNS answers queries with. */
    static synchronized int apply(int seconds) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(seconds));
        }
        DNSStateTask.setDefaultTTL(seconds);
        return DNSConstants.DNS_TTL;
    }

    static int inForce() {
        return DNSConstants.DNS_TTL;
    }
}
