package org.olocus.discovery.dns.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * Builds the dnsjava resolver the settings ask for: the configured servers (in order, each tried in turn) or,
 * when none is configured, the system's (dnsjava reads /etc/resolv.conf and its equivalents).
 */
final class ResolverFactory {
    private ResolverFactory() {
    }

    static Resolver create(List<InetSocketAddress> servers, Duration timeout) {
        if (servers.size() == 1) {
            return simple(servers.get(0), timeout);
        }
        ExtendedResolver resolver;
        if (servers.isEmpty()) {
            resolver = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>(servers.size());
            for (InetSocketAddress server : servers) {
                each.add(simple(server, timeout));
            }
            resolver = new ExtendedResolver(each);
        }
        // One try per server: the lookup's own deadline bounds the whole thing, and the next round retries.
        resolver.setRetries(1);
        resolver.setTimeout(timeout);
        return resolver;
    }

    static SimpleResolver simple(InetSocketAddress server, Duration timeout) {
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(timeout);
        return r;
    }

    static String describe(List<InetSocketAddress> servers) {
        if (servers.isEmpty()) {
            return "system resolvers";
        }
        List<String> out = new ArrayList<>();
        servers.forEach(s -> out.add(s.getHostString() + ":" + s.getPort()));
        return String.join(", ", out);
    }
}
