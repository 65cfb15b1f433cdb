package org.olocus.discovery.transport.internal.connection;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.olocus.discovery.transport.internal.ByteAccumulator;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.multistream.MultistreamSelect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Yamux stream of a {@link Libp2pConnection}: first multistream-select of its application protocol (we dial
 * or we listen), then the protocol's bytes, delivered to a {@link StreamListener}. {@link #write},
 * {@link #closeWrite} and {@link #reset} may be called from any thread; everything else runs on the connection's
 * event loop.
 */
public final class Libp2pStream {
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
    private volatile boolean holdsWindow;
    /** Bytes delivered to the listener with the negotiation's tail, counted as consumed already. */
    private int alreadyConsumed;
    private ScheduledFuture<?> negotiationTimer;

    private Libp2pStream(Libp2pConnection connection, int id, MultistreamSelect negotiation,
            Function<Libp2pStream, StreamListener> listenerFactory) {
        this.connection = connection;
        this.id = id;
        this.negotiation = negotiation;
        this.listenerFactory = listenerFactory;
    }

    /** A stream we opened, proposing {@code protocols} in order; {@code factory} makes its listener once agreed. */
    static Libp2pStream outbound(Libp2pConnection connection, int id, List<String> protocols,
            Function<Libp2pStream, StreamListener> factory) {
        return new Libp2pStream(connection, id, MultistreamSelect.dialer(protocols), factory);
    }

    /** A stream the remote opened; we accept any of {@code protocols}, and {@code factory} serves the agreed one. */
    static Libp2pStream inbound(Libp2pConnection connection, int id, Set<String> protocols,
            Function<Libp2pStream, StreamListener> factory) {
        return new Libp2pStream(connection, id, MultistreamSelect.listener(protocols), factory);
    }

    /** The agreed application protocol, or {@code null} while negotiating. */
    public String protocol() {
        return protocol;
    }

    public Libp2pConnection connection() {
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
     * Queues bytes of the application protocol. The future completes once the bytes left the Yamux send queue
     * (the remote's window admitted them), so a writer that chains its next write on it holds at most one write
     * queued. It fails on a closed or reset stream (also when that happens while the bytes are queued), and at once
     * when {@code data} would pile onto a stream that already has queued bytes while the connection holds more than
     * {@link ConnectionLimits#maxQueuedWriteBytes()} queued (nothing of {@code data} is sent then; a writer that
     * waits for each write is never refused). Completed on the event loop, never inside this call.
     */
    public CompletableFuture<Void> write(byte[] data) {
        byte[] copy = data.clone();
        CompletableFuture<Void> written = new CompletableFuture<>();
        connection.onLoop(() -> {
            if (localClosed || reset) {
                written.completeExceptionally(new IllegalStateException("stream " + id + " is closed for writing"));
                return;
            }
            long queued = connection.yamux().queuedBytes();
            long max = connection.config().limits().maxQueuedWriteBytes();
            // What the remote's window does not admit at once stays queued.
            long wouldQueue;
            try {
                wouldQueue = Math.max(0, copy.length - connection.yamux().sendWindow(id));
            } catch (IllegalArgumentException e) {
                written.completeExceptionally(new IllegalStateException("stream " + id + " is closed", e));
                return;
            }
            // A writer that waits for each write is never refused; one that piles writes onto a stream is, once the
            // connection holds more than the bound.
            if (wouldQueue > 0 && connection.yamux().pendingBytes(id) > 0 && queued + wouldQueue > max) {
                connection.host().counterSet().count(ConnectionCounters.Reason.WRITE_QUEUE_FULL);
                written.completeExceptionally(new IllegalStateException("write of " + copy.length + " bytes on "
                        + this + " refused: the connection already has " + queued + " bytes queued (limit " + max
                        + "); wait for earlier writes to complete"));
                return;
            }
            CompletableFuture<Void> sent = new CompletableFuture<>();
            // Completed from the event loop's queue, so a writer chaining on it never recurses into this call.
            sent.whenComplete((v, e) -> connection.execute(() -> {
                if (e != null) {
                    written.completeExceptionally(e);
                } else {
                    written.complete(null);
                }
            }));
            try {
                connection.yamux().write(id, copy, sent);
            } catch (RuntimeException e) {
                written.completeExceptionally(e);
            }
        });
        return written;
    }

    /**
     * Flow control toward the remote: from now on, bytes delivered to the listener count as consumed only when
     * {@link #consumed} says so, so the remote can send at most one Yamux window (256 KiB) ahead of us. Call it
     * from the listener (e.g. in its factory or first {@code onData}); the bytes of the {@code onData} call during
     * which it was called are then the caller's to report too. Without it, bytes count as consumed on delivery.
     */
    public void holdWindow() {
        holdsWindow = true;
    }

    boolean holdsWindow() {
        return holdsWindow;
    }

    /** Reports that {@code bytes} more of what the listener received were processed (see {@link #holdWindow}). */
    public void consumed(int bytes) {
        connection.onLoop(() -> {
            int skip = Math.min(bytes, alreadyConsumed);
            alreadyConsumed -= skip;
            if (!reset) {
                consume(bytes - skip);
            }
        });
    }

    private void consume(int bytes) {
        if (bytes > 0) {
            connection.yamux().consume(id, bytes);
        }
    }

    /** Half-closes: we write no more. */
    public void closeWrite() {
        connection.onLoop(() -> {
            if (!localClosed && !reset) {
                localClosed = true;
                connection.yamux().closeWrite(id);
                forgetIfFinished();
            }
        });
    }

    /** Abandons the stream in both directions. */
    public void reset() {
        connection.onLoop(() -> resetNow(new IllegalStateException("stream " + id + " was reset locally")));
    }

    // ---- event loop only ----

    void start() {
        byte[] first = negotiation.start();
        if (first.length > 0) {
            connection.yamux().write(id, first);
        }
        // A remote that never finishes negotiating must not hold the stream (and so the connection) open.
        Duration limit = connection.config().handshakeTimeout();
        negotiationTimer = connection.schedule(() -> {
            if (protocol == null && !reset) {
                resetNow(new TimeoutException("protocol negotiation on " + this + " not finished within "
                        + limit.toMillis() + " ms"));
            }
        }, limit);
    }

    /** Bytes from the remote; every byte is reported consumed here, or by the listener if it holds the window. */
    void onBytes(byte[] data) {
        if (reset) {
            consume(data.length);
            return;
        }
        if (listener != null) {
            deliver(() -> listener.onData(this, data));
            if (!holdsWindow) {
                consume(data.length);
            }
            return;
        }
        try {
            // Negotiation bytes are bounded by their buffer: they count as consumed once buffered.
            negotiationBytes.append(data);
            consume(data.length);
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
        negotiationTimer.cancel(false);
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
            // Already consumed with the negotiation: a listener holding the window will report them again.
            alreadyConsumed = rest.length;
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
        if (negotiationTimer != null) {
            negotiationTimer.cancel(false);
        }
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
