package org.olocus.discovery.api;

/** Who opened the connection to a peer; {@link #NONE} while there is none. Peer limits count by direction. */
public enum ConnectionDirection {
    NONE,
    INBOUND,
    OUTBOUND
}
