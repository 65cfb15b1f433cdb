package org.olocus.discovery.transport.internal.connection;

import java.io.IOException;

/** A connection the connection manager closed on purpose (limits, pending handshakes shed, pruning). */
final class ConnectionShedException extends IOException {
    private static final long serialVersionUID = 1L;

    ConnectionShedException(String message) {
        super(message);
    }
}
