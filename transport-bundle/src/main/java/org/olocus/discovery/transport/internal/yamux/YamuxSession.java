package org.olocus.discovery.transport.internal.yamux;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.yamux.YamuxFrame.Type;

/**
 * A Yamux session (hashicorp/yamux spec.md) as a state machine without I/O. Frames that arrive go to
 * {@link #receive}; frames to send go to the {@code out} sink given at construction; stream events go to the
 * {@link YamuxHandler}. The client opens odd stream ids, the server even ones. Each stream starts with a
 * 256 KiB window in both directions; consumed data (see {@link Config#grantOnDelivery}) is granted back in a
 * window update once half the window is used. A remote that breaks the protocol (overruns a window,
 * reuses an id, …) gets GO_AWAY with the protocol-error code and {@link #receive} throws. Not thread-safe: one
 * owner thread drives it.
 */
public final class YamuxSession {
    /** The protocol id negotiated with multistream-select. */
    public static final String PROTOCOL_ID = "/yamux/1.0.0";
    /** The window every stream starts with, per the spec. */
    public static final int INITIAL_WINDOW = 256 * 1024;
    private static final long MAX_WINDOW = 0xFFFFFFFFL;

    /**
     * Limits and flow-control policy of a session.
     *
     * @param maxStreams      open streams at once; inbound streams beyond it are reset
     * @param maxFrameData    largest DATA frame we send
     * @param grantOnDelivery true: data counts as consumed when {@link YamuxHandler#onData} returns; false: the
     *                        owner reports consumption with {@link #consume}, so a slow reader holds the remote
     *                        back (backpressure)
     */
    public record Config(int maxStreams, int maxFrameData, boolean grantOnDelivery) {
        public Config {
            if (maxStreams < 1 || maxFrameData < 1 || maxFrameData > INITIAL_WINDOW) {
                throw new IllegalArgumentException("yamux limits out of range: " + maxStreams + ", " + maxFrameData);
            }
        }

        /** 1024 streams, 64 KiB frames, data consumed on delivery. */
        public static Config defaults() {
            return new Config(1024, 64 * 1024, true);
        }
    }

    private final boolean client;
    private final Config config;
    private final Consumer<YamuxFrame> out;
    private final YamuxHandler handler;
    private final Map<Integer, YamuxStream> streams = new HashMap<>();
    private int nextStreamId;
    private boolean goAwaySent;
    private boolean goAwayReceived;
    /** Set once we caught the remote breaking the protocol: the session accepts nothing more. */
    private boolean goAwaySentForError;
    /** Bytes queued on all streams waiting for send window. */
    private long queuedBytes;

    public YamuxSession(boolean client, Config config, Consumer<YamuxFrame> out, YamuxHandler handler) {
        this.client = client;
        this.config = config;
        this.out = out;
        this.handler = handler;
        this.nextStreamId = client ? 1 : 2;
    }

    /** Opens a stream and returns its id; the SYN goes out at once in a zero window update. */
    public int openStream() {
        if (goAwaySent || goAwayReceived) {
            throw new IllegalStateException("the yamux session is going away; no new streams");
        }
        if (streams.size() >= config.maxStreams()) {
            throw new IllegalStateException("yamux stream limit of " + config.maxStreams() + " reached");
        }
        if (nextStreamId < 0) {
            throw new IllegalStateException("yamux stream ids are exhausted");
        }
        int id = nextStreamId;
        nextStreamId += 2;
        streams.put(id, new YamuxStream(id, INITIAL_WINDOW));
        out.accept(YamuxFrame.control(Type.WINDOW_UPDATE, YamuxFrame.SYN, id, 0));
        return id;
    }

    /** Queues {@code data} on a stream and sends what the window allows. The session owns the array now. */
    public void write(int streamId, byte[] data) {
        write(streamId, data, null);
    }

    /**
     * Queues {@code data} on a stream and sends what the window allows; {@code sent} (may be {@code null})
     * completes once the last byte left the queue, and fails if the stream is reset or the session ends first.
     * The session owns the array now.
     */
    public void write(int streamId, byte[] data, CompletableFuture<Void> sent) {
        YamuxStream stream = stream(streamId);
        if (stream.finRequested) {
            throw new IllegalStateException("yamux stream " + streamId + " is closed for writing");
        }
        if (data.length == 0) {
            if (sent != null) {
                sent.complete(null);
            }
            return;
        }
        stream.pending.add(new YamuxStream.Write(data, sent));
        stream.pendingBytes += data.length;
        queuedBytes += data.length;
        flush(stream);
    }

    /** Half-closes a stream: FIN goes out after the queued data. */
    public void closeWrite(int streamId) {
        YamuxStream stream = stream(streamId);
        stream.finRequested = true;
        flush(stream);
    }

    /** Resets a stream at once, dropping queued data (its pending writes fail). */
    public void reset(int streamId) {
        YamuxStream stream = streams.remove(streamId);
        if (stream != null) {
            dropPending(stream, "yamux stream " + streamId + " was reset locally");
            out.accept(YamuxFrame.control(Type.WINDOW_UPDATE, YamuxFrame.RST, streamId, 0));
        }
    }

    /** The connection ended: every queued write fails, every stream is forgotten. */
    public void terminate(Throwable cause) {
        for (YamuxStream stream : streams.values()) {
            queuedBytes -= stream.failPending(cause);
        }
        streams.clear();
    }

    private void dropPending(YamuxStream stream, String why) {
        if (stream.pendingBytes > 0 || !stream.pending.isEmpty()) {
            queuedBytes -= stream.failPending(new IllegalStateException(why + " before its queued data was sent"));
        }
    }

    /** Sends a ping; the answer arrives as {@link YamuxHandler#onPong}. */
    public void ping(long opaque) {
        out.accept(YamuxFrame.control(Type.PING, YamuxFrame.SYN, 0, opaque));
    }

    /** Tells the remote we accept no new streams. */
    public void goAway(int code) {
        if (!goAwaySent) {
            goAwaySent = true;
            out.accept(YamuxFrame.control(Type.GO_AWAY, 0, 0, code));
        }
    }

    /** Decodes and handles every complete frame in {@code in}; a partial frame stays there. */
    public void receive(ByteBuffer in) {
        YamuxFrame frame;
        while (!goAwaySentForError && (frame = decode(in)) != null) {
            receive(frame);
        }
    }

    private YamuxFrame decode(ByteBuffer in) {
        try {
            return YamuxFrame.decode(in, INITIAL_WINDOW);
        } catch (ProtocolViolationException e) {
            throw violation(e.getMessage());
        }
    }

    /**
     * Handles one received frame.
     *
     * @throws ProtocolViolationException when the remote broke the protocol; GO_AWAY was sent and the connection
     *                                    must be closed
     */
    public void receive(YamuxFrame frame) {
        if (goAwaySentForError) {
            throw new IllegalStateException("the yamux session ended with a protocol error");
        }
        switch (frame.type()) {
            case PING -> {
                if (frame.has(YamuxFrame.SYN)) {
                    out.accept(YamuxFrame.control(Type.PING, YamuxFrame.ACK, 0, frame.length()));
                } else if (frame.has(YamuxFrame.ACK)) {
                    handler.onPong(frame.length());
                }
            }
            case GO_AWAY -> {
                goAwayReceived = true;
                handler.onGoAway(frame.length());
            }
            case DATA, WINDOW_UPDATE -> onStreamFrame(frame);
            default -> throw new IllegalStateException("unhandled frame type " + frame.type());
        }
    }

    private void onStreamFrame(YamuxFrame frame) {
        int id = frame.streamId();
        YamuxStream stream;
        if (frame.has(YamuxFrame.SYN)) {
            stream = acceptInbound(id);
            if (stream == null) {
                return; // refused with RST
            }
        } else {
            stream = streams.get(id);
            if (stream == null) {
                // A late frame for a stream we already reset or finished: nothing to do.
                if (frame.type() == Type.DATA && frame.length() > INITIAL_WINDOW) {
                    throw violation("data frame of " + frame.length() + " bytes for closed stream " + id);
                }
                return;
            }
        }
        if (frame.has(YamuxFrame.RST)) {
            streams.remove(id);
            dropPending(stream, "the remote reset yamux stream " + id);
            handler.onReset(id);
            return;
        }
        if (frame.type() == Type.WINDOW_UPDATE) {
            onWindowUpdate(stream, frame.length());
        } else if (frame.length() > 0) {
            onData(stream, frame.data());
            if (streams.get(id) != stream) {
                return; // the handler reset the stream while reading
            }
        }
        if (frame.has(YamuxFrame.FIN) && !stream.remoteClosed) {
            stream.remoteClosed = true;
            handler.onRemoteClose(id);
            removeIfFinished(stream);
        }
    }

    private YamuxStream acceptInbound(int id) {
        boolean remoteParity = (id & 1) == (client ? 0 : 1);
        if (!remoteParity || id == 0) {
            throw violation("remote opened stream " + Integer.toUnsignedString(id) + " with our parity");
        }
        if (streams.containsKey(id)) {
            throw violation("remote reopened stream " + id + " that is still open");
        }
        if (goAwaySent || streams.size() >= config.maxStreams()) {
            out.accept(YamuxFrame.control(Type.WINDOW_UPDATE, YamuxFrame.RST, id, 0));
            return null;
        }
        YamuxStream stream = new YamuxStream(id, INITIAL_WINDOW);
        streams.put(id, stream);
        out.accept(YamuxFrame.control(Type.WINDOW_UPDATE, YamuxFrame.ACK, id, 0));
        handler.onInboundStream(id);
        return stream;
    }

    private void onWindowUpdate(YamuxStream stream, long delta) {
        if (stream.sendWindow + delta > MAX_WINDOW) {
            throw violation("window update of " + delta + " overflows stream " + stream.id + "'s window");
        }
        stream.sendWindow += delta;
        flush(stream);
    }

    private void onData(YamuxStream stream, byte[] data) {
        if (stream.remoteClosed) {
            throw violation("data on stream " + stream.id + " after the remote closed it");
        }
        if (data.length > stream.receiveWindow) {
            throw violation(data.length + " bytes on stream " + stream.id + " exceed its receive window of "
                    + stream.receiveWindow);
        }
        stream.receiveWindow -= data.length;
        stream.unconsumed += data.length;
        handler.onData(stream.id, data);
        if (config.grantOnDelivery() && streams.get(stream.id) == stream) {
            grant(stream, data.length);
        }
    }

    /**
     * Reports that the owner processed {@code bytes} more of a stream's received data, which lets the remote send
     * that much more. Only with {@link Config#grantOnDelivery()} false; unknown (already closed) streams are
     * ignored.
     */
    public void consume(int streamId, int bytes) {
        if (config.grantOnDelivery()) {
            throw new IllegalStateException("this yamux session grants window on delivery");
        }
        YamuxStream stream = streams.get(streamId);
        if (stream == null) {
            return;
        }
        if (bytes < 0 || bytes > stream.unconsumed) {
            throw new IllegalArgumentException("cannot consume " + bytes + " bytes of stream " + streamId
                    + " which has " + stream.unconsumed + " unconsumed");
        }
        grant(stream, bytes);
    }

    private void grant(YamuxStream stream, int bytes) {
        stream.unconsumed -= bytes;
        stream.consumedUngranted += bytes;
        if (stream.consumedUngranted >= INITIAL_WINDOW / 2) {
            out.accept(YamuxFrame.control(Type.WINDOW_UPDATE, 0, stream.id, stream.consumedUngranted));
            stream.receiveWindow += stream.consumedUngranted;
            stream.consumedUngranted = 0;
        }
    }

    /** Sends queued data as far as the window allows, then the FIN once everything went out. */
    private void flush(YamuxStream stream) {
        while (!stream.pending.isEmpty() && stream.sendWindow > 0) {
            YamuxStream.Write head = stream.pending.peek();
            int chunk = (int) Math.min(Math.min(head.data().length - stream.pendingOffset, stream.sendWindow),
                    config.maxFrameData());
            byte[] data = stream.pendingOffset == 0 && chunk == head.data().length ? head.data()
                    : Arrays.copyOfRange(head.data(), stream.pendingOffset, stream.pendingOffset + chunk);
            stream.pendingOffset += chunk;
            boolean done = stream.pendingOffset == head.data().length;
            if (done) {
                stream.pending.poll();
                stream.pendingOffset = 0;
            }
            stream.sendWindow -= chunk;
            stream.pendingBytes -= chunk;
            queuedBytes -= chunk;
            out.accept(YamuxFrame.data(stream.id, 0, data));
            if (done && head.sent() != null) {
                head.sent().complete(null);
            }
        }
        if (stream.finRequested && !stream.localClosed && stream.pending.isEmpty()) {
            stream.localClosed = true;
            out.accept(YamuxFrame.data(stream.id, YamuxFrame.FIN, new byte[0]));
            removeIfFinished(stream);
        }
    }

    private void removeIfFinished(YamuxStream stream) {
        if (stream.isFinished()) {
            streams.remove(stream.id);
        }
    }

    private ProtocolViolationException violation(String message) {
        goAwaySent = true;
        goAwaySentForError = true;
        out.accept(YamuxFrame.control(Type.GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_PROTOCOL_ERROR));
        return new ProtocolViolationException("yamux: " + message);
    }

    private YamuxStream stream(int streamId) {
        YamuxStream stream = streams.get(streamId);
        if (stream == null) {
            throw new IllegalArgumentException("no open yamux stream " + streamId);
        }
        return stream;
    }

    /** Streams currently open (in either direction). */
    public int streamCount() {
        return streams.size();
    }

    /** Bytes queued on every stream waiting for send window. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** Bytes queued on a stream waiting for send window. */
    public long pendingBytes(int streamId) {
        return stream(streamId).pendingBytes;
    }

    /** The send window the remote granted on a stream. */
    public long sendWindow(int streamId) {
        return stream(streamId).sendWindow;
    }

    /** Whether either side said GO_AWAY. */
    public boolean isGoingAway() {
        return goAwaySent || goAwayReceived;
    }
}
