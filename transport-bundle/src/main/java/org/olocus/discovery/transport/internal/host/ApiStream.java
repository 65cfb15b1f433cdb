package org.olocus.discovery.transport.internal.host;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerStream;
import org.olocus.discovery.transport.internal.connection.Libp2pStream;

/**
 * The api view of one {@link Libp2pStream}: exactly one per stream, so receivers and handlers can compare streams
 * by identity. Tells its owner (a handler's bookkeeping) once the stream is over: reset, or closed both ways.
 */
final class ApiStream implements PeerStream {
    private final Libp2pStream stream;
    private final ApiConnection connection;
    private final Runnable onFinished;
    private boolean localClosed;
    private boolean remoteClosed;
    private boolean finished;

    /** {@code onFinished} runs once when the stream is over; may be a no-op. */
    ApiStream(Libp2pStream stream, ApiConnection connection, Runnable onFinished) {
        this.stream = stream;
        this.connection = connection;
        this.onFinished = onFinished;
    }

    @Override
    public String protocol() {
        return stream.protocol();
    }

    @Override
    public PeerConnection connection() {
        return connection;
    }

    @Override
    public CompletableFuture<Void> write(byte[] data) {
        return stream.write(data).handle((v, e) -> {
            if (e != null) {
                throw new CompletionException(TransportErrors.of("write on " + this, e));
            }
            return v;
        });
    }

    @Override
    public void closeWrite() {
        stream.closeWrite();
        closed(true);
    }

    @Override
    public void reset() {
        stream.reset();
        finish();
    }

    /** The remote half-closed (called by the stream's listener). */
    void remoteClosed() {
        closed(false);
    }

    /** The stream was reset (called by the stream's listener). */
    void wasReset() {
        finish();
    }

    private void closed(boolean local) {
        boolean done;
        synchronized (this) {
            if (local) {
                localClosed = true;
            } else {
                remoteClosed = true;
            }
            done = localClosed && remoteClosed;
        }
        if (done) {
            finish();
        }
    }

    private void finish() {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        onFinished.run();
    }

    @Override
    public String toString() {
        return "stream " + stream.protocol() + " with " + connection.remotePeer();
    }
}
