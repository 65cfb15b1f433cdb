package org.olocus.discovery.transport.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Yamux stream of a {@link Libp2pConnection}: first multistream-select of its application protocol (we dial
 * or we listen), then the protocol's bytes, delivered to a {@link StreamListener}. {@link #write},
 * {@link #closeWrite} and {@link #reset} may be called from any thread; everything else runs on the connection's
 * event loop.
 */
final class Libp2pStream {
    private static final Logger LOG = LoggerFactory.getLogger(Libp2pStream.class);
    /** Negotiation bytes held before a protocol is agreed (16 proposals of at most 1 KiB, plus slack). */
    private static final int MAX_NEGOTIATION_BYTES = 20 * 1024;

    private final Libp2pConnection connection;
    private final int id;
    private final MultistreamSelect negotiation;
    private final ByteAccumulator negotiationBytes = new ByteAccumulator("stream negotiation", MAX_NEGOTIATION_BYTES);
    private final Function<Libp2pStream, StreamListener> listenerFactory;
    private final CompletableFuture<Libp2pStream> opened = new CompletableFuture<>();
    private volatile String protocol;
    private StreamListener listener;
    private boolean localClosed;
    private boolean remoteClosed;
    private boolean reset;

    private Libp2pStream(Libp2pConnection connection, int id, MultistreamSelect negotiation,
            Function<Libp2pStream, StreamListener> listenerFactory) {
        this.connection = connection;
        this.id = id;
        this.negotiation = negotiation;
        this.listenerFactory = listenerFactory;
    }

    /** A stream we opened, proposing {@code protocol}; {@code factory} makes its listener once agreed. */
    static Libp2pStream outbound(Libp2pConnection connection, int id, String protocol,
            Function<Libp2pStream, StreamListener> factory) {
        return new Libp2pStream(connection, id, MultistreamSelect.dialer(List.of(protocol)), factory);
    }

    /** A stream the remote opened; we accept any of {@code protocols}, and {@code factory} serves the agreed one. */
    static Libp2pStream inbound(Libp2pConnection connection, int id, Set<String> protocols,
            Function<Libp2pStream, StreamListener> factory) {
        return new Libp2pStream(connection, id, MultistreamSelect.listener(protocols), factory);
    }

    /** The agreed application protocol, or {@code null} while negotiating. */
    String protocol() {
        return protocol;
    }

    Libp2pConnection connection() {
        return connection;
    }

    int id() {
        return id;
    }

    /** Completes once the protocol is agreed; fails when the remote refuses it or the stream dies first. */
    CompletableFuture<Libp2pStream> opened() {
        return opened;
    }

    /**
     * Queues bytes of the application protocol. The future completes once Yamux took them (TODO of the connection
     * manager step: once they left the send queue within the remote's window); it fails on a closed or reset stream.
     */
    CompletableFuture<Void> write(byte[] data) {
        byte[] copy = data.clone();
        CompletableFuture<Void> written = new CompletableFuture<>();
        connection.onLoop(() -> {
            if (localClosed || reset) {
                written.completeExceptionally(new IllegalStateException("stream " + id + " is closed for writing"));
                return;
            }
            connection.yamux().write(id, copy);
            written.complete(null);
        });
        return written;
    }

    /** Half-closes: we write no more. */
    void closeWrite() {
        connection.onLoop(() -> {
            if (!localClosed && !reset) {
                localClosed = true;
                connection.yamux().closeWrite(id);
                forgetIfFinished();
            }
        });
    }

    /** Abandons the stream in both directions. */
    void reset() {
        connection.onLoop(() -> resetNow(new IllegalStateException("stream " + id + " was reset locally")));
    }

    // ---- event loop only ----

    void start() {
        byte[] first = negotiation.start();
        if (first.length > 0) {
            connection.yamux().write(id, first);
        }
    }

    void onBytes(byte[] data) {
        if (reset) {
            return;
        }
        if (listener != null) {
            deliver(() -> listener.onData(this, data));
            return;
        }
        try {
            negotiationBytes.append(data);
            ByteBuffer view = negotiationBytes.view();
            MultistreamSelect.Step step = negotiation.receive(view);
            negotiationBytes.consumedTo(view);
            if (step.toSend().length > 0) {
                connection.yamux().write(id, step.toSend());
            }
            if (step.outcome() == MultistreamSelect.Outcome.REJECTED) {
                resetNow(new ProtocolViolationException("the remote does not speak the proposed protocol"));
            } else if (step.outcome() == MultistreamSelect.Outcome.SELECTED) {
                selected(negotiation.selected());
            }
        } catch (ProtocolViolationException e) {
            LOG.debug("stream {} of {}: bad protocol negotiation: {}", id, connection, e.getMessage());
            resetNow(e);
        }
    }

    private void selected(String agreed) {
        protocol = agreed;
        deliver(() -> listener = listenerFactory.apply(this));
        if (reset) {
            return;
        }
        if (listener == null) {
            resetNow(new IllegalStateException("no handler for " + agreed));
            return;
        }
        opened.complete(this);
        if (negotiationBytes.size() > 0) {
            byte[] rest = negotiationBytes.drain();
            deliver(() -> listener.onData(this, rest));
        }
        if (remoteClosed && !reset) {
            deliver(() -> listener.onRemoteClose(this));
        }
    }

    void onRemoteClose() {
        if (reset || remoteClosed) {
            return;
        }
        remoteClosed = true;
        if (listener != null) {
            deliver(() -> listener.onRemoteClose(this));
            forgetIfFinished();
        } else {
            resetNow(new ProtocolViolationException("the remote closed stream " + id + " during negotiation"));
        }
    }

    /** The remote reset the stream, or the connection went. */
    void onReset(Throwable cause) {
        if (reset) {
            return;
        }
        reset = true;
        connection.forget(id);
        opened.completeExceptionally(cause);
        if (listener != null) {
            StreamListener l = listener;
            try {
                l.onReset(this);
            } catch (RuntimeException e) {
                LOG.debug("stream listener of {} failed on reset", protocol, e);
            }
        }
    }

    private void resetNow(Throwable cause) {
        if (!reset) {
            connection.yamux().reset(id);
            onReset(cause);
        }
    }

    private void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.debug("stream listener of {} failed; resetting stream {}", protocol, id, e);
            resetNow(e);
        }
    }

    private void forgetIfFinished() {
        if (localClosed && remoteClosed) {
            connection.forget(id);
        }
    }

    @Override
    public String toString() {
        return "stream " + id + " " + (protocol == null ? "(negotiating)" : protocol) + " with "
                + connection.remotePeer();
    }
}
