package org.olocus.discovery.dns.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code org.olocus.discovery.dns}; times are in seconds, as in the spec. A double underscore
 * in a method name keeps the spec's single underscore in the key ({@code dns_timeout}).
 */
@ObjectClassDefinition(name = "Olocus DNS discovery",
        description = "SRV/TXT discovery under _olocus._tcp.<domain>, libp2p /dnsaddr resolution and RFC 2136 announce.")
public @interface DnsConfig {
    @AttributeDefinition(description = "Domains whose _<service_name>._<protocol>.<domain> SRV records list peers.")
    String[] domains() default {};

    @AttributeDefinition(description = "Domains whose _dnsaddr.<domain> TXT records (dnsaddr=<multiaddr>) list peers.")
    String[] dnsaddr__domains() default {};

    @AttributeDefinition(description = "DNS servers as host or host:port; empty means the system's resolvers.")
    String[] resolvers() default {};

    @AttributeDefinition(description = "Seconds one lookup of a domain (every query it needs) may take.")
    long dns__timeout() default 5;

    @AttributeDefinition(description = "Upper bound in seconds on how long any answer is cached, positive or negative.")
    long cache__ttl() default 300;

    @AttributeDefinition(description = "Service label of the SRV name (_<service_name>._<protocol>.<domain>).")
    String service__name() default "olocus";

    @AttributeDefinition(description = "Protocol label of the SRV name.")
    String protocol() default "tcp";

    @AttributeDefinition(description = "DNS server (host:port) that accepts RFC 2136 updates; empty disables announce.")
    String update__server() default "";

    @AttributeDefinition(description = "Zone that the dynamic update changes, e.g. example.org.")
    String update__zone() default "";

    @AttributeDefinition(description = "Name of the TSIG key that signs updates.")
    String tsig__key__name() default "";

    @AttributeDefinition(description = "TSIG algorithm: hmac-sha256, hmac-sha384, hmac-sha512, hmac-sha1.")
    String tsig__algorithm() default "hmac-sha256";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "TSIG secret, base64.")
    String tsig__secret() default "";

    @AttributeDefinition(description = "Host label (under update_zone) that our SRV points at; empty: peer-<hash>.")
    String announce__host() default "";

    @AttributeDefinition(description = "TTL in seconds of the records we publish.")
    long announce__ttl() default 60;
}
