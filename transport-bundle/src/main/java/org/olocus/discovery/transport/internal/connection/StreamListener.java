package org.olocus.discovery.transport.internal.connection;

/**
 * What happens on one negotiated {@link Libp2pStream}. Called on the connection's event-loop thread, in order;
 * a listener must not block. An exception thrown here resets the stream (the connection lives on).
 */
public interface StreamListener {
    /** Bytes of the application protocol arrived. */
    void onData(Libp2pStream stream, byte[] data);

    /** The remote finished writing (half-close). */
    void onRemoteClose(Libp2pStream stream);

    /** The stream was reset by the remote, by us, or because the connection closed. */
    void onReset(Libp2pStream stream);
}
