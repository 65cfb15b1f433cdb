package org.olocus.discovery.api;

/**
 * How a peer became known: the spec's five mechanisms, plus {@link #MANUAL} for peers an operator added and
 * {@link #TRANSPORT} for peers that connected to us.
 */
public enum DiscoveryType {
    DHT,
    MDNS,
    GOSSIP,
    BOOTSTRAP,
    DNS,
    MANUAL,
    TRANSPORT
}
