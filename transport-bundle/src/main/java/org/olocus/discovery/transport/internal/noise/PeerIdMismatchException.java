package org.olocus.discovery.transport.internal.noise;

import org.olocus.discovery.api.PeerId;

/** The remote proved an identity other than the one we dialed; the connection must be closed. */
public final class PeerIdMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient PeerId expected;
    private final transient PeerId actual;

    public PeerIdMismatchException(PeerId expected, PeerId actual) {
        super("dialed peer " + expected + " but the remote proved it is " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public PeerId expected() {
        return expected;
    }

    public PeerId actual() {
        return actual;
    }
}
