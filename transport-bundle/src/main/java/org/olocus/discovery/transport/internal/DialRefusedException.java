package org.olocus.discovery.transport.internal;

import java.io.IOException;

/** A dial the connection manager refused at once (dial backoff, outbound limit, host closed). */
class DialRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    DialRefusedException(String message) {
        super(message);
    }
}
