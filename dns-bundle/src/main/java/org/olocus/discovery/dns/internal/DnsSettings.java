package org.olocus.discovery.dns.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The validated form of {@link DnsConfig}. Every check names the key and the value that was wrong, so a bad
 * configuration is refused with one clear line and the previous settings stay in force.
 *
 * @param domains        SRV discovery domains (absolute names)
 * @param dnsaddrDomains /dnsaddr domains (absolute names)
 * @param resolvers      servers to ask; empty means the system's
 * @param timeout        bound on one whole lookup of a domain
 * @param cacheTtl       cap on every cached answer
 * @param serviceName    the SRV service label, without underscore
 * @param protocol       the SRV protocol label, without underscore
 * @param update         dynamic-update settings, when announce is configured
 */
record DnsSettings(List<Name> domains, List<Name> dnsaddrDomains, List<InetSocketAddress> resolvers,
                   Duration timeout, Duration cacheTtl, String serviceName, String protocol,
                   Optional<UpdateSettings> update) {
    static final int DEFAULT_PORT = 53;
    private static final int MAX_DOMAINS = 64;

    /**
     * Where and how to publish our records with RFC 2136.
     *
     * @param server        the server that takes updates
     * @param zone          the zone to change
     * @param keyName       TSIG key name
     * @param algorithm     TSIG algorithm name
     * @param secret        TSIG secret, base64
     * @param host          the label under the zone that our SRV targets, or empty for a name from our id
     * @param ttl           TTL of the published records
     */
    record UpdateSettings(InetSocketAddress server, Name zone, Name keyName, Name algorithm, String secret,
                          String host, Duration ttl) {
        @Override
        public String toString() {
            return "server=" + server.getHostString() + ":" + server.getPort() + " zone=" + zone + " key=" + keyName
                    + " algorithm=" + algorithm + " host=" + (host.isEmpty() ? "(from peer id)" : host)
                    + " ttl=" + ttl.toSeconds() + "s";
        }
    }

    static DnsSettings from(DnsConfig c) {
        Duration timeout = positiveSeconds("dns_timeout", c.dns__timeout());
        Duration cacheTtl = nonNegativeSeconds("cache_ttl", c.cache__ttl());
        return new DnsSettings(names("domains", c.domains()), names("dnsaddr_domains", c.dnsaddr__domains()),
                servers("resolvers", c.resolvers()), timeout, cacheTtl, label("service_name", c.service__name()),
                label("protocol", c.protocol()), update(c));
    }

    /** The SRV name of a discovery domain: {@code _olocus._tcp.<domain>}. */
    Name srvName(Name domain) {
        return concat("_" + serviceName + "._" + protocol, domain);
    }

    static Name concat(String prefix, Name suffix) {
        try {
            return Name.concatenate(Name.fromString(prefix), suffix);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("cannot build a name from '" + prefix + "' and " + suffix + ": "
                    + e.getMessage());
        }
    }

    private static Optional<UpdateSettings> update(DnsConfig c) {
        String server = c.update__server().trim();
        if (server.isEmpty()) {
            return Optional.empty();
        }
        if (c.tsig__key__name().isBlank() || c.tsig__secret().isBlank()) {
            throw new IllegalArgumentException("update_server is set but tsig_key_name or tsig_secret is empty: "
                    + "dynamic updates are only sent signed");
        }
        if (c.update__zone().isBlank()) {
            throw new IllegalArgumentException("update_server is set but update_zone is empty");
        }
        String secret = c.tsig__secret().trim();
        try {
            java.util.Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tsig_secret is not base64: " + e.getMessage());
        }
        String host = c.announce__host().trim();
        if (!host.isEmpty() && !host.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("announce_host '" + host + "' is not a single DNS label");
        }
        return Optional.of(new UpdateSettings(server("update_server", server), name("update_zone", c.update__zone()),
                name("tsig_key_name", c.tsig__key__name()), tsigAlgorithm(c.tsig__algorithm()), secret, host,
                positiveSeconds("announce_ttl", c.announce__ttl())));
    }

    private static Name tsigAlgorithm(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "hmac-sha256" -> org.xbill.DNS.TSIG.HMAC_SHA256;
            case "hmac-sha384" -> org.xbill.DNS.TSIG.HMAC_SHA384;
            case "hmac-sha512" -> org.xbill.DNS.TSIG.HMAC_SHA512;
            case "hmac-sha1" -> org.xbill.DNS.TSIG.HMAC_SHA1;
            default -> throw new IllegalArgumentException("tsig_algorithm '" + text
                    + "' is not one of hmac-sha256, hmac-sha384, hmac-sha512, hmac-sha1");
        };
    }

    private static List<Name> names(String key, String[] values) {
        LinkedHashSet<Name> out = new LinkedHashSet<>();
        for (String v : items(values)) {
            out.add(name(key, v));
        }
        if (out.size() > MAX_DOMAINS) {
            throw new IllegalArgumentException(key + " lists " + out.size() + " domains, more than " + MAX_DOMAINS);
        }
        return List.copyOf(out);
    }

    /**
     * The entries of a list key. A FileInstall {@code .cfg} file gives one string where ConfigAdmin would give an
     * array, so entries may also be separated by commas or spaces (names and host:port never contain them).
     */
    static List<String> items(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values == null ? new String[0] : values) {
            if (v != null) {
                for (String part : v.split("[,\\s]+")) {
                    if (!part.isEmpty()) {
                        out.add(part);
                    }
                }
            }
        }
        return out;
    }

    static Name name(String key, String value) {
        String v = value.trim();
        try {
            Name n = Name.fromString(v, Name.root);
            if (n.equals(Name.root)) {
                throw new IllegalArgumentException(key + ": the root zone is not a discovery domain");
            }
            return n;
        } catch (TextParseException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a domain name: " + e.getMessage());
        }
    }

    private static List<InetSocketAddress> servers(String key, String[] values) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String v : items(values)) {
            out.add(server(key, v));
        }
        return List.copyOf(out);
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 address. */
    static InetSocketAddress server(String key, String text) {
        String host = text;
        int port = DEFAULT_PORT;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException(key + ": '" + text + "' lacks the closing ']'");
            }
            host = text.substring(1, end);
            if (end + 1 < text.length()) {
                if (text.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException(key + ": '" + text + "' has text after ']' that is not :port");
                }
                port = port(key, text, text.substring(end + 2));
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = port(key, text, text.substring(text.indexOf(':') + 1));
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(key + ": '" + text + "' has no host");
        }
        // Literal addresses only need no lookup; a host name is resolved once here, when the config is applied.
        return new InetSocketAddress(host, port);
    }

    private static int port(String key, String text, String digits) {
        try {
            int p = Integer.parseInt(digits);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException("out of range");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": bad port in '" + text + "' (1-65535)");
        }
    }

    private static String label(String key, String value) {
        String v = value == null ? "" : value.trim();
        if (v.startsWith("_")) {
            v = v.substring(1);
        }
        if (!v.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a DNS label");
        }
        return v;
    }

    private static Duration positiveSeconds(String key, long seconds) {
        if (seconds <= 0 || seconds > 86_400) {
            throw new IllegalArgumentException(key + " must be between 1 and 86400 seconds, not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private static Duration nonNegativeSeconds(String key, long seconds) {
        if (seconds < 0 || seconds > 7 * 86_400) {
            throw new IllegalArgumentException(key + " must be between 0 and 604800 seconds, not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
