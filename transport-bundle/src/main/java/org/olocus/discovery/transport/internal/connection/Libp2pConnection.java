package org.olocus.discovery.transport.internal.connection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.transport.internal.ByteAccumulator;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.identify.IdentifyMessage;
import org.olocus.discovery.transport.internal.identify.PeerRecordSequence;
import org.olocus.discovery.transport.internal.multistream.MultistreamSelect;
import org.olocus.discovery.transport.internal.noise.LibP2pNoiseSession;
import org.olocus.discovery.transport.internal.noise.NoiseTransport;
import org.olocus.discovery.transport.internal.yamux.YamuxHandler;
import org.olocus.discovery.transport.internal.yamux.YamuxSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgraded libp2p connection: Yamux over Noise over one TCP channel, with a proven remote peer id. Streams
 * are opened with {@link #newStream}; inbound streams are negotiated against the host's handlers. Watched by an
 * {@link IdleMonitor} (no stream for the idle timeout → closed) and a {@link KeepAlivePinger} (unanswered Yamux
 * ping → closed). All engine state is owned by the channel's event loop; public methods may be called from any
 * thread. The api's {@code PeerConnection} for it is {@code host.ApiConnection}.
 */
public final class Libp2pConnection implements YamuxHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Libp2pConnection.class);
    /** Plaintext held while a Yamux frame is incomplete: one frame (≤ 256 KiB + header) plus a Noise message. */
    private static final int MAX_PLAINTEXT_BUFFERED = YamuxSession.INITIAL_WINDOW + 12 + NoiseTransport.MAX_PLAINTEXT;

    private final Libp2pHost host;
    private final Channel channel;
    private final boolean dialer;
    private final Multiaddr dialedAddress;
    private final PeerId remotePeer;
    private final PeerPublicKey remoteKey;
    private final NoiseTransport noise;
    private final YamuxSession yamux;
    private final ByteAccumulator plaintext = new ByteAccumulator("yamux frames", MAX_PLAINTEXT_BUFFERED);
    private final Map<Integer, Libp2pStream> streams = new HashMap<>();
    private final CompletableFuture<IdentifyMessage> remoteIdentify = new CompletableFuture<>();
    /** The remote's identify as answered and then updated by its pushes. */
    private volatile IdentifyMessage latestIdentify;
    /** The highest signed-peer-record seq accepted from the remote on this connection. */
    private final PeerRecordSequence recordSequence = new PeerRecordSequence();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final IdleMonitor idle;
    private final KeepAlivePinger keepAlive;
    private final long openedNanos = System.nanoTime();
    private volatile long lastUsedNanos = openedNanos;
    private volatile int openStreams;
    private volatile boolean superseded;
    private volatile long upgradeNanos;
    /** Why we closed it (null: the remote did, or an error); event loop only. */
    private ConnectionCounters.Reason closeReason;
    /** Whether a failed event-loop task was logged at WARN already; event loop only. */
    private boolean taskFailureLogged;

    Libp2pConnection(Libp2pHost host, Channel channel, boolean dialer, Multiaddr dialedAddress,
            LibP2pNoiseSession.Result security, HostConfig config) {
        this.host = host;
        this.channel = channel;
        this.dialer = dialer;
        this.dialedAddress = dialedAddress;
        this.remotePeer = security.remotePeer();
        this.remoteKey = security.remoteKey();
        this.noise = security.transport();
        // Window is granted back by this class: on delivery, or when a stream that holds its window says so.
        YamuxSession.Config yamuxConfig = new YamuxSession.Config(config.yamux().maxStreams(),
                config.yamux().maxFrameData(), false);
        this.yamux = new YamuxSession(dialer, yamuxConfig,
                frame -> channel.write(Unpooled.wrappedBuffer(noise.seal(frame.encode()))), this);
        ConnectionLimits limits = config.limits();
        this.idle = new IdleMonitor(channel.eventLoop(), limits.idleTimeout(),
                () -> closeFor(ConnectionCounters.Reason.IDLE));
        this.keepAlive = new KeepAlivePinger(channel.eventLoop(), limits.keepAliveInterval(), yamux::streamCount,
                opaque -> {
                    yamux.ping(opaque);
                    channel.flush();
                }, () -> closeFor(ConnectionCounters.Reason.KEEP_ALIVE));
    }

    /** The peer the Noise handshake proved. */
    public PeerId remotePeer() {
        return remotePeer;
    }

    public PeerPublicKey remoteKey() {
        return remoteKey;
    }

    /** Whether we dialed this connection. */
    public boolean isDialer() {
        return dialer;
    }

    /** The address we dialed (as given, without {@code /p2p}), or {@code null} for an inbound connection. */
    Multiaddr dialedAddress() {
        return dialedAddress;
    }

    /** The remote's TCP address as a multiaddr (without {@code /p2p}). */
    public Multiaddr remoteAddress() {
        return Multiaddr.fromSocketAddress((InetSocketAddress) channel.remoteAddress());
    }

    /** The remote's IP address. */
    InetAddress remoteAddressInet() {
        return ((InetSocketAddress) channel.remoteAddress()).getAddress();
    }

    /** Our TCP address of this connection as a multiaddr. */
    Multiaddr localAddress() {
        return Multiaddr.fromSocketAddress((InetSocketAddress) channel.localAddress());
    }

    /** The remote's identify answer, once asked (the host asks on every new connection). */
    public CompletableFuture<IdentifyMessage> remoteIdentify() {
        return remoteIdentify;
    }

    /** The remote's identify as last updated (answer, then pushes), or {@code null} before it answered. */
    public IdentifyMessage latestIdentify() {
        return latestIdentify;
    }

    /** Records the remote's identify answer or an update merged from a push. */
    void identifiedAs(IdentifyMessage message) {
        latestIdentify = message;
    }

    public PeerRecordSequence recordSequence() {
        return recordSequence;
    }

    /** Completes when the connection closed, for whatever reason. */
    public CompletableFuture<Void> closedFuture() {
        return closed;
    }

    public boolean isOpen() {
        return channel.isActive() && !closed.isDone();
    }

    /** Streams open now (either direction, negotiating ones included). */
    public int openStreams() {
        return openStreams;
    }

    /** How long the upgrade took (TCP connect to Yamux). */
    Duration upgradeDuration() {
        return Duration.ofNanos(upgradeNanos);
    }

    void upgradeTook(long nanos) {
        upgradeNanos = nanos;
    }

    /** How long ago the upgrade finished. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - openedNanos);
    }

    long openedNanos() {
        return openedNanos;
    }

    /** When a stream was last opened or carried data ({@link System#nanoTime()}). */
    long lastUsedNanos() {
        return lastUsedNanos;
    }

    /** Whether this connection lost a simultaneous dial and is closing once its streams are done. */
    boolean isSuperseded() {
        return superseded;
    }

    /** Bytes queued for writing beyond the remote's windows (approximate when read off the event loop). */
    long queuedWriteBytes() {
        return yamux.queuedBytes();
    }

    /**
     * Opens a stream for {@code protocol}; the future completes once the remote agreed, with {@code factory}'s
     * listener receiving the protocol's bytes.
     */
    public CompletableFuture<Libp2pStream> newStream(String protocol, Function<Libp2pStream, StreamListener> factory) {
        return newStream(List.of(protocol), factory);
    }

    /**
     * Opens a stream proposing {@code protocols} in order (at most 16); the future completes with the first one the
     * remote agreed to ({@link Libp2pStream#protocol()}), and fails when it speaks none of them.
     */
    public CompletableFuture<Libp2pStream> newStream(List<String> protocols,
            Function<Libp2pStream, StreamListener> factory) {
        MultistreamSelect.dialer(protocols); // validates the list here, on the caller's thread
        CompletableFuture<Libp2pStream> result = new CompletableFuture<>();
        onLoop(() -> {
            if (!isOpen() || yamux.isGoingAway()) {
                result.completeExceptionally(new IllegalStateException("connection to " + remotePeer
                        + " accepts no new streams"));
                return;
            }
            int id;
            try {
                id = yamux.openStream();
            } catch (IllegalStateException e) {
                result.completeExceptionally(e);
                return;
            }
            Libp2pStream stream = Libp2pStream.outbound(this, id, protocols, factory);
            streams.put(id, stream);
            used();
            stream.start();
            stream.opened().whenComplete((s, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(s);
                }
            });
        });
        return result;
    }

    /** Closes the connection (and so every stream). */
    public void close() {
        channel.close();
    }

    /**
     * Closes the connection for {@code reason}, counted by the host. From any thread: the pruner and the admission
     * of another connection call it from their own event loops, so it hops onto this connection's loop, where the
     * close reason is set and counted once.
     */
    void closeFor(ConnectionCounters.Reason reason) {
        if (!channel.eventLoop().inEventLoop()) {
            try {
                channel.eventLoop().execute(() -> closeFor(reason));
            } catch (RejectedExecutionException e) {
                channel.close(); // the host is shutting down: every connection closes anyway
            }
            return;
        }
        if (closeReason == null && !closed.isDone()) {
            closeReason = reason;
            host.counterSet().count(reason);
            LOG.debug("closing connection {}: {}", this, reason.key);
        }
        channel.flush(); // what the upgrade or a stream wrote last still goes out
        channel.close();
    }

    /**
     * This connection lost a simultaneous dial: no new streams are offered on it by the host, and it closes once
     * its streams are done, or after the grace period at the latest.
     */
    void supersede() {
        superseded = true;
        onLoop(() -> {
            if (yamux.streamCount() == 0) {
                closeFor(ConnectionCounters.Reason.SIMULTANEOUS_DIAL);
            } else {
                long grace = host.config().limits().gracePeriod().toNanos();
                channel.eventLoop().schedule(() -> closeFor(ConnectionCounters.Reason.SIMULTANEOUS_DIAL), grace,
                        TimeUnit.NANOSECONDS);
            }
        });
    }

    /** Runs {@code task} on the event loop, then flushes what it wrote. */
    void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            runAndFlush(task);
        } else {
            channel.eventLoop().execute(() -> runAndFlush(task));
        }
    }

    /** Runs {@code task} on the event loop after {@code delay}. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return channel.eventLoop().schedule(() -> runAndFlush(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void runAndFlush(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            taskFailed(e);
        }
        streamsChanged();
        channel.flush();
    }

    /**
     * A task on the event loop threw. The remote cannot cause that (what it breaks is handled where its bytes are
     * read), so it is a bug or a misuse by our own code: the first on a connection is a WARN with its stack trace,
     * any later one on the same connection only DEBUG. The connection carries on.
     */
    private void taskFailed(RuntimeException e) {
        if (!taskFailureLogged) {
            taskFailureLogged = true;
            LOG.warn("connection {}: a task on its event loop failed (later failures on this connection are logged at"
                    + " DEBUG): {}", this, e.toString(), e);
        } else {
            LOG.debug("connection {}: a task on its event loop failed: {}", this, e.toString(), e);
        }
    }

    // ---- event loop only ----

    /** Starts the idle and keep-alive timers (once the host admitted the connection). */
    void startTimers() {
        keepAlive.start();
        streamsChanged();
    }

    YamuxSession yamux() {
        return yamux;
    }

    HostConfig config() {
        return host.config();
    }

    Libp2pHost host() {
        return host;
    }

    /** Runs {@code task} later on the event loop (never inside the caller's frame). */
    void execute(Runnable task) {
        try {
            channel.eventLoop().execute(() -> runAndFlush(task));
        } catch (RejectedExecutionException e) {
            task.run(); // the host is shutting down: finish the caller's future anyway
        }
    }

    /** A stream was opened or carried data. */
    void used() {
        lastUsedNanos = System.nanoTime();
    }

    void forget(int streamId) {
        streams.remove(streamId);
    }

    /**
     * Decrypted bytes from the remote.
     *
     * @throws ProtocolViolationException when the remote broke Yamux; the caller closes the connection
     */
    void receive(byte[] decrypted) {
        keepAlive.heard();
        plaintext.append(decrypted);
        ByteBuffer view = plaintext.view();
        try {
            yamux.receive(view);
        } finally {
            plaintext.consumedTo(view);
            streamsChanged();
        }
    }

    private void streamsChanged() {
        int count = yamux.streamCount();
        openStreams = count;
        if (closed.isDone()) {
            return;
        }
        idle.update(count);
        if (count == 0 && superseded) {
            closeFor(ConnectionCounters.Reason.SIMULTANEOUS_DIAL);
        }
    }

    /** The channel closed: every stream, queued write and pending request fails. */
    void onChannelClosed() {
        idle.stop();
        keepAlive.stop();
        ClosedChannelException cause = new ClosedChannelException();
        yamux.terminate(cause);
        for (Libp2pStream stream : new ArrayList<>(streams.values())) {
            stream.onReset(cause);
        }
        streams.clear();
        openStreams = 0;
        remoteIdentify.completeExceptionally(cause);
        closed.complete(null);
    }

    @Override
    public void onInboundStream(int streamId) {
        Libp2pStream stream = Libp2pStream.inbound(this, streamId, host.protocols(), host::listenerFor);
        streams.put(streamId, stream);
        used();
        stream.start();
    }

    @Override
    public void onData(int streamId, byte[] data) {
        Libp2pStream stream = streams.get(streamId);
        if (stream != null) {
            used();
            stream.onBytes(data); // reports the bytes consumed itself (see Libp2pStream#holdWindow)
        } else {
            yamux.consume(streamId, data.length);
        }
    }

    @Override
    public void onRemoteClose(int streamId) {
        Libp2pStream stream = streams.get(streamId);
        if (stream != null) {
            stream.onRemoteClose();
        }
    }

    @Override
    public void onReset(int streamId) {
        Libp2pStream stream = streams.remove(streamId);
        if (stream != null) {
            stream.onReset(new IllegalStateException("the remote reset stream " + streamId));
        }
    }

    @Override
    public void onPong(long opaque) {
        keepAlive.onPong(opaque);
    }

    @Override
    public void onGoAway(long code) {
        LOG.debug("connection {}: remote said GO_AWAY {}", this, code);
        if (streams.isEmpty()) {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return (dialer ? "to " : "from ") + remotePeer + " at " + channel.remoteAddress();
    }
}
