package org.olocus.discovery.dns.internal;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code dns:} Gogo commands. They return values for the shell to print; a bad argument is an
 * {@link IllegalArgumentException} whose message is the one line the shell shows.
 */
@Component(service = DnsCommands.class, property = {
        "osgi.command.scope=dns",
        "osgi.command.function=lookup",
        "osgi.command.function=dnsaddr",
        "osgi.command.function=cache",
        "osgi.command.function=flush",
        "osgi.command.function=status"})
public final class DnsCommands {
    private final DnsDiscovery dns;

    @Activate
    public DnsCommands(@Reference DnsDiscovery dns) {
        this.dns = dns;
    }

    @Descriptor("look up the peers a domain lists under _olocus._tcp.<domain> (SRV, TXT, A/AAAA)")
    public DomainResult lookup(@Descriptor("domain, e.g. example.org") String domain) throws Exception {
        return await(DomainResult.Source.SRV, domain);
    }

    @Descriptor("resolve a domain's libp2p /dnsaddr records (_dnsaddr.<domain> TXT), recursively")
    public DomainResult dnsaddr(@Descriptor("domain, e.g. bootstrap.example.org") String domain) throws Exception {
        return await(DomainResult.Source.DNSADDR, domain);
    }

    @Descriptor("cached domain results and DNS answers, with the seconds each has left")
    public List<String> cache() {
        return dns.cache();
    }

    @Descriptor("forget every cached answer and result")
    public String flush() {
        return "flushed " + dns.flush() + " entries";
    }

    @Descriptor("configuration, per-domain state and errors, address-only hosts, skipped records, announce state")
    public DnsStatus status() {
        return dns.status();
    }

    private DomainResult await(DomainResult.Source source, String domain) throws Exception {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("give a domain name, e.g. example.org");
        }
        long limit = dns.settings().timeout().toMillis() + 1000;
        try {
            return dns.lookup(source, DnsSettings.name("domain", domain)).get(limit, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(DnsFailures.of(e, domain).getMessage());
        } catch (TimeoutException e) {
            throw new IllegalStateException("lookup of " + domain + " did not finish within " + limit + " ms");
        }
    }
}
