package org.olocus.discovery.transport.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgraded libp2p connection: Yamux over Noise over one TCP channel, with a proven remote peer id. Streams
 * are opened with {@link #newStream}; inbound streams are negotiated against the host's handlers. All engine
 * state is owned by the channel's event loop; public methods may be called from any thread.
 */
final class Libp2pConnection implements YamuxHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Libp2pConnection.class);
    /** Plaintext held while a Yamux frame is incomplete: one frame (≤ 256 KiB + header) plus a Noise message. */
    private static final int MAX_PLAINTEXT_BUFFERED = YamuxSession.INITIAL_WINDOW + 12 + NoiseTransport.MAX_PLAINTEXT;

    private final NettyHost host;
    private final Channel channel;
    private final boolean dialer;
    private final PeerId remotePeer;
    private final PeerPublicKey remoteKey;
    private final NoiseTransport noise;
    private final YamuxSession yamux;
    private final ByteAccumulator plaintext = new ByteAccumulator("yamux frames", MAX_PLAINTEXT_BUFFERED);
    private final Map<Integer, Libp2pStream> streams = new HashMap<>();
    private final CompletableFuture<IdentifyMessage> remoteIdentify = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    Libp2pConnection(NettyHost host, Channel channel, boolean dialer, LibP2pNoiseSession.Result security,
            YamuxSession.Config yamuxConfig) {
        this.host = host;
        this.channel = channel;
        this.dialer = dialer;
        this.remotePeer = security.remotePeer();
        this.remoteKey = security.remoteKey();
        this.noise = security.transport();
        this.yamux = new YamuxSession(dialer, yamuxConfig,
                frame -> channel.write(Unpooled.wrappedBuffer(noise.seal(frame.encode()))), this);
    }

    /** The peer the Noise handshake proved. */
    PeerId remotePeer() {
        return remotePeer;
    }

    PeerPublicKey remoteKey() {
        return remoteKey;
    }

    /** Whether we dialed this connection. */
    boolean isDialer() {
        return dialer;
    }

    /** The remote's TCP address as a multiaddr (without {@code /p2p}). */
    Multiaddr remoteAddress() {
        return Multiaddr.fromSocketAddress((InetSocketAddress) channel.remoteAddress());
    }

    /** The remote's identify answer, once asked (the host asks on every new connection). */
    CompletableFuture<IdentifyMessage> remoteIdentify() {
        return remoteIdentify;
    }

    /** Completes when the connection closed, for whatever reason. */
    CompletableFuture<Void> closedFuture() {
        return closed;
    }

    boolean isOpen() {
        return channel.isActive() && !closed.isDone();
    }

    /**
     * Opens a stream for {@code protocol}; the future completes once the remote agreed, with {@code factory}'s
     * listener receiving the protocol's bytes.
     */
    CompletableFuture<Libp2pStream> newStream(String protocol, Function<Libp2pStream, StreamListener> factory) {
        CompletableFuture<Libp2pStream> result = new CompletableFuture<>();
        onLoop(() -> {
            if (!isOpen() || yamux.isGoingAway()) {
                result.completeExceptionally(new IllegalStateException("connection to " + remotePeer
                        + " accepts no new streams"));
                return;
            }
            int id = yamux.openStream();
            Libp2pStream stream = Libp2pStream.outbound(this, id, protocol, factory);
            streams.put(id, stream);
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
    void close() {
        channel.close();
    }

    /** Runs {@code task} on the event loop, then flushes what it wrote. */
    void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            runAndFlush(task);
        } else {
            channel.eventLoop().execute(() -> runAndFlush(task));
        }
    }

    private void runAndFlush(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.debug("connection {}: {}", this, e.toString(), e);
        }
        channel.flush();
    }

    // ---- event loop only ----

    YamuxSession yamux() {
        return yamux;
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
        plaintext.append(decrypted);
        ByteBuffer view = plaintext.view();
        try {
            yamux.receive(view);
        } finally {
            plaintext.consumedTo(view);
        }
    }

    /** The channel closed: every stream and pending request fails. */
    void onChannelClosed() {
        ClosedChannelException cause = new ClosedChannelException();
        for (Libp2pStream stream : new ArrayList<>(streams.values())) {
            stream.onReset(cause);
        }
        streams.clear();
        remoteIdentify.completeExceptionally(cause);
        closed.complete(null);
    }

    @Override
    public void onInboundStream(int streamId) {
        Libp2pStream stream = Libp2pStream.inbound(this, streamId, host.protocols(), host::listenerFor);
        streams.put(streamId, stream);
        stream.start();
    }

    @Override
    public void onData(int streamId, byte[] data) {
        Libp2pStream stream = streams.get(streamId);
        if (stream != null) {
            stream.onBytes(data);
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
