package org.olocus.discovery.api;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One negotiated stream of a {@link PeerConnection}. Incoming bytes go to the stream's {@link StreamReceiver};
 * the methods here may be called from any thread.
 */
@ProviderType
public interface PeerStream {
    /** The protocol id both sides agreed on. */
    String protocol();

    /** The connection this stream runs on. */
    PeerConnection connection();

    /**
     * Sends {@code data} (copied). The future completes once the bytes left our send queue, i.e. the remote's
     * flow-control window admitted them: chain writes on it to stay within a bounded buffer. It fails when the
     * stream was reset or closed for writing.
     */
    CompletableFuture<Void> write(byte[] data);

    /** Half-closes: we write no more; the remote may still send. */
    void closeWrite();

    /** Aborts the stream in both directions. */
    void reset();
}
