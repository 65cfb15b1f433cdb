package org.olocus.discovery.api;

/** A discovery failure with a {@link Kind} per error of the spec's {@code DiscoveryError}. */
public class DiscoveryException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The spec's error variants. */
    public enum Kind {
        TIMEOUT,
        INVALID_BOOTSTRAP_NODE,
        INVALID_DNS_RECORD,
        PEER_STORE_FULL,
        DHT,
        MDNS,
        DNS,
        GOSSIP,
        NETWORK,
        SERIALIZATION,
        /** The peer store could not read or write its storage. */
        STORAGE
    }

    private final Kind kind;

    public DiscoveryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DiscoveryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String getMessage() {
        return kind + ": " + super.getMessage();
    }
}
