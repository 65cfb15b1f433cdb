package org.olocus.discovery.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives what arrives on one {@link PeerStream}. Calls come in order from the connection's I/O thread and must
 * not block: flow-control window is granted back to the remote when {@link #onData} returns. An exception thrown
 * here resets that stream only.
 */
@ConsumerType
public interface StreamReceiver {
    /** Bytes of the agreed protocol arrived; {@code data} belongs to the receiver. */
    void onData(PeerStream stream, byte[] data);

    /** The remote finished writing (half-close); we may still write. */
    default void onRemoteClose(PeerStream stream) {
    }

    /** The stream ended abnormally: reset by either side, or its connection closed. No more calls follow. */
    default void onReset(PeerStream stream, Throwable cause) {
    }
}
