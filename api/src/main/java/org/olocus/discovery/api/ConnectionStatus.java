package org.olocus.discovery.api;

/** Where our node stands with a peer, as the spec's {@code ConnectionStatus}. */
public enum ConnectionStatus {
    CONNECTED,
    DISCONNECTED,
    CONNECTING,
    FAILED,
    UNKNOWN
}
