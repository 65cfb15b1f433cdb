package org.olocus.discovery.transport.internal.connection;

import org.olocus.discovery.transport.internal.identify.IdentifyMessage;

/**
 * Hears a {@link Libp2pHost}'s connection life cycle. Called on the connection's event loop: must not block.
 */
public interface ConnectionObserver {
    /** A connection finished its upgrade. */
    void opened(Libp2pConnection connection);

    /** The remote answered identify (or pushed an update). */
    void identified(Libp2pConnection connection, IdentifyMessage message);

    /** A connection closed. */
    void closed(Libp2pConnection connection);
}
