package org.olocus.discovery.transport.internal.host;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code org.olocus.discovery.transport}; times are in seconds. Method names use a double
 * underscore so that the keys keep a single underscore ({@code listen_addresses}). {@link TransportSettings}
 * validates every value. The metatype id (and localization base) stay those it had when the class lived in
 * {@code transport.internal}.
 */
@ObjectClassDefinition(id = "org.olocus.discovery.transport.internal.TransportConfig",
        localization = "OSGI-INF/l10n/org.olocus.discovery.transport.internal.TransportConfig",
        name = "Olocus libp2p transport",
        description = "Where the libp2p host listens, what it announces, its connection limits and timeouts.")
public @interface TransportConfig {
    @AttributeDefinition(description = "Addresses to listen on, each /ip4|/ip6/<literal address>/tcp/<port>.")
    String[] listen__addresses() default {"/ip4/0.0.0.0/tcp/4001", "/ip6/::/tcp/4001"};

    @AttributeDefinition(description = "Multiaddrs others should dial us at (e.g. a NAT's public address); "
            + "empty = the bound addresses, a wildcard listed per interface address.")
    String[] announce__addresses() default {};

    @AttributeDefinition(description = "Most connections that remotes dialed.")
    int max__inbound() default 50;

    @AttributeDefinition(description = "Most connections that we dialed.")
    int max__outbound() default 50;

    @AttributeDefinition(description = "Most connections to one peer.")
    int max__connections__per__peer() default 2;

    @AttributeDefinition(description = "Pruning closes connections down to this many.")
    int low__water() default 64;

    @AttributeDefinition(description = "Pruning starts above this many connections.")
    int high__water() default 96;

    @AttributeDefinition(description = "Seconds a connection without streams stays open.")
    long idle__timeout() default 120;

    @AttributeDefinition(description = "Seconds a TCP connect may take.")
    long dial__timeout() default 5;

    @AttributeDefinition(description = "Seconds from TCP connect to a usable Noise + Yamux session.")
    long handshake__timeout() default 10;

    @AttributeDefinition(description = "Seconds before an address (multiaddr without /p2p) whose dial failed may be "
            + "dialed again; doubles per consecutive failure. Other addresses of the same peer stay dialable.")
    long dial__backoff() default 5;

    @AttributeDefinition(description = "Longest dial backoff of an address, in seconds.")
    long max__dial__backoff() default 300;

    @AttributeDefinition(description = "Most connections still in their handshake at once.")
    int max__pending__handshakes() default 256;

    @AttributeDefinition(description = "Seconds between Yamux keep-alive pings on a connection.")
    long keep__alive__interval() default 30;

    @AttributeDefinition(description = "Netty I/O threads.")
    int io__threads() default 2;

    @AttributeDefinition(description = "Our agent version, told to peers through identify.")
    String agent__version() default "olocus/0.1.0";
}
