package org.olocus.discovery.transport.internal.connection;

import java.io.IOException;

/** A dial the connection manager refused at once (dial backoff, outbound limit, host closed). */
public class DialRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    public DialRefusedException(String message) {
        super(message);
    }
}
