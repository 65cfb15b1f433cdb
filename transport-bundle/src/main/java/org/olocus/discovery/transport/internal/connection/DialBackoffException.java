package org.olocus.discovery.transport.internal.connection;

import java.time.Instant;

import org.olocus.discovery.api.Multiaddr;

/** A dial refused at once because its address is in dial backoff ({@link AddressBackoff}). */
public final class DialBackoffException extends DialRefusedException {
    private static final long serialVersionUID = 1L;
    private final transient Multiaddr address;
    private final Instant until;
    private final String reason;

    /**
     * @param address the transport address (without {@code /p2p}) in backoff
     * @param until   when it may be dialled again
     * @param reason  why, e.g. {@code "2 failed dials in a row"}
     */
    public DialBackoffException(Multiaddr address, Instant until, String reason) {
        super("address " + address + " is in dial backoff until " + until + " (" + reason + ")");
        this.address = address;
        this.until = until;
        this.reason = reason;
    }

    Multiaddr address() {
        return address;
    }

    public Instant until() {
        return until;
    }

    /** Why, e.g. {@code "2 failed dials in a row"}. */
    public String reason() {
        return reason;
    }
}
