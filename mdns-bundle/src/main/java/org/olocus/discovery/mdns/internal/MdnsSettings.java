package org.olocus.discovery.mdns.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The checked form of {@link MdnsConfig}: a bad value is refused with a message naming the key and the value.
 *
 * @param serviceType      DNS-SD type in JmDNS's form, {@code _olocus._tcp.local.}
 * @param port             port we advertise
 * @param ttlSeconds       lifetime of our records
 * @param interfaces       interface names or addresses to use; empty for all suitable ones
 * @param libp2pCompat     whether libp2p's {@code _p2p._udp.local.} is also browsed and answered
 * @param maxPeersPerRound most peers one round returns
 * @param maxServices      most services tracked at once
 * @param interfacePoll    how often interfaces are re-read
 * @param closeTimeout     how long stopping may wait for JmDNS to close
 */
public record MdnsSettings(String serviceType, int port, int ttlSeconds, List<String> interfaces,
                           boolean libp2pCompat, int maxPeersPerRound, int maxServices, Duration interfacePoll,
                           Duration closeTimeout) {
    /** libp2p's mDNS service type (discovery/mdns.md). */
    public static final String LIBP2P_SERVICE_TYPE = "_p2p._udp.local.";
    /** What our TXT {@code protocol} key says. */
    public static final String PROTOCOL = "olocus/1.0.0";

    public MdnsSettings {
        serviceType = normalizeServiceType(serviceType);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, not " + port);
        }
        if (ttlSeconds < 1 || ttlSeconds > 24 * 3600) {
            throw new IllegalArgumentException("ttl must be in 1..86400 seconds, not " + ttlSeconds);
        }
        // A .cfg file gives "eth0,eth1" as one string: accept commas as well as array entries.
        interfaces = interfaces == null ? List.of()
                : interfaces.stream().flatMap(s -> java.util.Arrays.stream(s.split(","))).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList();
        if (maxPeersPerRound < 1) {
            throw new IllegalArgumentException("max_peers_per_mechanism must be positive, not " + maxPeersPerRound);
        }
        if (maxServices < 1 || maxServices > 100_000) {
            throw new IllegalArgumentException("max_services must be in 1..100000, not " + maxServices);
        }
        if (interfacePoll.isNegative() || interfacePoll.isZero()) {
            throw new IllegalArgumentException("interface_poll must be positive, not " + interfacePoll.toSeconds());
        }
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("close_timeout must be positive, not " + closeTimeout.toSeconds());
        }
    }

    /** The defaults of {@link MdnsConfig}. */
    public static MdnsSettings defaults() {
        return new MdnsSettings("_olocus._tcp.local.", 8000, 120, List.of(), true, 50, 256, Duration.ofSeconds(5),
                Duration.ofSeconds(5));
    }

    static MdnsSettings from(MdnsConfig c) {
        return new MdnsSettings(c.service__type(), c.port(), c.ttl(), List.of(c.interfaces()), c.libp2p__compat(),
                c.max__peers__per__mechanism(), c.max__services(), Duration.ofSeconds(c.interface__poll()),
                Duration.ofSeconds(c.close__timeout()));
    }

    /** The service types we browse and answer. */
    public List<String> serviceTypes() {
        return libp2pCompat ? List.of(serviceType, LIBP2P_SERVICE_TYPE) : List.of(serviceType);
    }

    public MdnsSettings withInterfaces(List<String> newInterfaces) {
        return new MdnsSettings(serviceType, port, ttlSeconds, newInterfaces, libp2pCompat, maxPeersPerRound,
                maxServices, interfacePoll, closeTimeout);
    }

    public MdnsSettings withLibp2pCompat(boolean compat) {
        return new MdnsSettings(serviceType, port, ttlSeconds, interfaces, compat, maxPeersPerRound, maxServices,
                interfacePoll, closeTimeout);
    }

    public MdnsSettings withPort(int newPort) {
        return new MdnsSettings(serviceType, newPort, ttlSeconds, interfaces, libp2pCompat, maxPeersPerRound,
                maxServices, interfacePoll, closeTimeout);
    }

    /** Accepts {@code _olocus._tcp}, {@code _olocus._tcp.local} or {@code _olocus._tcp.local.}. */
    static String normalizeServiceType(String type) {
        String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!t.endsWith(".local")) {
            t = t + ".local";
        }
        if (!t.matches("_[a-z0-9-]{1,15}\\._(tcp|udp)\\.local")) {
            throw new IllegalArgumentException("service_type must look like _name._tcp.local., not '" + type + "'");
        }
        return t + ".";
    }
}
