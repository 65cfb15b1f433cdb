package org.olocus.discovery.transport.internal.connection;

/**
 * Serves one application protocol on inbound streams: registered with {@link Libp2pHost#handle} under its
 * protocol id, called once a remote opened a stream and multistream-select agreed on that id.
 */
@FunctionalInterface
public interface InboundStreamHandler {
    /** Returns the listener for the new stream (called on the event loop; must not block). */
    StreamListener accept(Libp2pStream stream);
}
