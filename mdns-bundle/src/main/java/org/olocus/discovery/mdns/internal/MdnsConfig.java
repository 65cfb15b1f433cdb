package org.olocus.discovery.mdns.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code org.olocus.discovery.mdns}. Method names use a double underscore so that the keys
 * keep the spec's single underscore ({@code service_type}).
 */
@ObjectClassDefinition(name = "Olocus mDNS discovery",
        description = "Advertises this node and browses the LAN with multicast DNS (JmDNS).")
public @interface MdnsConfig {
    @AttributeDefinition(description = "DNS-SD service type we advertise and browse.")
    String service__type() default "_olocus._tcp.local.";

    @AttributeDefinition(description = "Fallback port, used only while no transport announces addresses: then our SRV"
            + " record and address carry this port. 0 (the default): advertise nothing until something listens. With"
            + " the transport running, the SRV port and addresses are the transport's own.")
    int port() default 0;

    @AttributeDefinition(description = "Seconds our records live in others' caches (applied when the bundle's JmDNS"
            + " classes first load: a change needs a bundle refresh).")
    int ttl() default 120;

    @AttributeDefinition(description = "Interfaces to use, by name (eth0) or address (192.168.1.5); empty means every"
            + " interface that is up, multicast-capable and not loopback.")
    String[] interfaces() default {};

    @AttributeDefinition(description = "Also browse and answer libp2p's _p2p._udp.local service, so js-libp2p and"
            + " go-libp2p nodes find us and we find them.")
    boolean libp2p__compat() default true;

    @AttributeDefinition(description = "Most peers returned by one discovery round.")
    int max__peers__per__mechanism() default 50;

    @AttributeDefinition(description = "Most services tracked at once over all interfaces; more are ignored and"
            + " counted, so a flood of announcements stays bounded.")
    int max__services() default 256;

    @AttributeDefinition(description = "Seconds between checks for interfaces and addresses that appeared or vanished.")
    int interface__poll() default 5;

    @AttributeDefinition(description = "Seconds that stopping may wait for the goodbyes and for JmDNS to close.")
    int close__timeout() default 5;
}
