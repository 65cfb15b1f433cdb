package org.olocus.discovery.transport.internal.connection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.ByteAccumulator;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.multistream.MultistreamSelect;
import org.olocus.discovery.transport.internal.noise.LibP2pNoiseSession;
import org.olocus.discovery.transport.internal.noise.NoiseHandshake;
import org.olocus.discovery.transport.internal.noise.NoiseTransport;
import org.olocus.discovery.transport.internal.yamux.YamuxSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-channel Netty handler: upgrades a raw TCP connection the libp2p way — multistream-select
 * {@code /noise}, the Noise XX handshake with identities, multistream-select {@code /yamux/1.0.0} inside Noise —
 * then hands decrypted bytes to the {@link Libp2pConnection}. Any protocol violation, an unexpected peer id or
 * the handshake timeout closes this channel only. Runs on the channel's event loop.
 */
final class ConnectionUpgrader extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionUpgrader.class);
    /**
     * Raw bytes held while a message is incomplete: one length-prefixed Noise message or transport frame, the
     * largest unit any stage waits for (a multistream line is ≤ 1 KiB). Socket reads are fed in slices that fit.
     */
    private static final int MAX_RAW_BUFFERED = 2 + NoiseHandshake.MAX_MESSAGE;

    private enum Stage { SECURITY, NOISE, MUXER, MUXED, FAILED }

    private final Libp2pHost host;
    private final boolean dialer;
    private final PeerId expectedRemote;
    private final Multiaddr dialedAddress;
    private final CompletableFuture<Libp2pConnection> result;
    private final ByteAccumulator raw = new ByteAccumulator("connection bytes", MAX_RAW_BUFFERED);
    private Stage stage = Stage.SECURITY;
    private MultistreamSelect security;
    private LibP2pNoiseSession noise;
    private NoiseTransport transport;
    private MultistreamSelect muxer;
    private ByteAccumulator muxerBytes;
    private Libp2pConnection connection;
    private ScheduledFuture<?> timeout;
    private ChannelHandlerContext context;
    private volatile InetAddress remoteInetAddress;
    private volatile PeerId provenRemote;
    private volatile ConnectionCounters.Reason shedReason;
    private long startedNanos;
    private volatile String shedWhy;

    /**
     * @param dialedAddress  what we dialed (without {@code /p2p}), or {@code null} when we accepted the connection
     * @param expectedRemote the peer we dialed, or {@code null} to accept whoever answers (or when we accepted)
     * @param result         completes with the upgraded connection, or fails with why the upgrade failed
     */
    ConnectionUpgrader(Libp2pHost host, boolean dialer, PeerId expectedRemote, Multiaddr dialedAddress,
            CompletableFuture<Libp2pConnection> result) {
        this.host = host;
        this.dialer = dialer;
        this.expectedRemote = expectedRemote;
        this.dialedAddress = dialedAddress;
        this.result = result;
    }

    /** The remote's IP address (once the channel is active). */
    InetAddress remoteInetAddress() {
        return remoteInetAddress;
    }

    /** The remote's peer id once its Noise handshake proved it, else {@code null}. */
    PeerId provenRemote() {
        return provenRemote;
    }

    /** The Noise handshake proved the remote to be {@code peer}. */
    void provenAs(PeerId peer) {
        provenRemote = peer;
    }

    /** An inbound connection was just accepted from {@code remote} (on the listener's event loop). */
    void accepted(InetAddress remote) {
        remoteInetAddress = remote;
    }

    /** Closes this connection if it is still upgrading, counted under {@code reason}; from any thread. */
    void shed(ConnectionCounters.Reason reason, String why) {
        shedReason = reason;
        shedWhy = why;
        ChannelHandlerContext ctx = context;
        if (ctx != null) {
            ctx.executor().execute(() -> shedNow(ctx));
        } // else: channelActive, soon, sees it
    }

    private void shedNow(ChannelHandlerContext ctx) {
        if (stage == Stage.MUXED || stage == Stage.FAILED) {
            return;
        }
        host.counterSet().count(shedReason);
        end(ctx, new ConnectionShedException(shedWhy));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        context = ctx;
        startedNanos = System.nanoTime();
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            remoteInetAddress = remote.getAddress();
        }
        if (shedReason != null) {
            shedNow(ctx); // shed between the accept and now
            return;
        }
        long millis = host.config().handshakeTimeout().toMillis();
        timeout = ctx.executor().schedule(() -> fail(ctx, new TimeoutException("libp2p handshake with "
                + ctx.channel().remoteAddress() + " not finished within " + millis + " ms (stage " + stage + ")")),
                millis, TimeUnit.MILLISECONDS);
        if (dialer) {
            security = MultistreamSelect.dialer(List.of(LibP2pNoiseSession.PROTOCOL_ID));
            send(ctx, security.start());
        } else {
            security = MultistreamSelect.listener(Set.of(LibP2pNoiseSession.PROTOCOL_ID));
        }
        ctx.flush();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (stage == Stage.FAILED) {
                return;
            }
            // Slices that fit the bound: every stage consumes what is complete before the next slice comes in.
            while (in.isReadable() && stage != Stage.FAILED) {
                int length = Math.min(in.readableBytes(), raw.room());
                if (length == 0) {
                    throw new ProtocolViolationException("the remote made us buffer more than " + MAX_RAW_BUFFERED
                            + " bytes at stage " + stage + " without a complete message");
                }
                in.readBytes(raw.reserve(length), raw.writeIndex(), length);
                raw.advanceWrite(length);
                process(ctx);
            }
        } catch (RuntimeException e) {
            fail(ctx, e);
        } finally {
            in.release();
            ctx.flush();
        }
    }

    /** Runs the stages over the buffered bytes; a finished stage leaves the rest to the next one. */
    private void process(ChannelHandlerContext ctx) {
        Stage before;
        do {
            before = stage;
            ByteBuffer view = raw.view();
            try {
                switch (stage) {
                    case SECURITY -> negotiateSecurity(ctx, view);
                    case NOISE -> handshake(ctx, view);
                    case MUXER, MUXED -> decrypt(ctx, view);
                    default -> {
                        return;
                    }
                }
            } finally {
                raw.consumedTo(view);
            }
        } while (stage != before && stage != Stage.FAILED && raw.size() > 0);
    }

    private void negotiateSecurity(ChannelHandlerContext ctx, ByteBuffer view) {
        MultistreamSelect.Step step = security.receive(view);
        send(ctx, step.toSend());
        if (step.outcome() == MultistreamSelect.Outcome.REJECTED) {
            throw new ProtocolViolationException("the remote does not speak " + LibP2pNoiseSession.PROTOCOL_ID);
        }
        if (step.outcome() == MultistreamSelect.Outcome.SELECTED) {
            noise = dialer ? LibP2pNoiseSession.initiator(host.noiseIdentity(), expectedRemote, host.random())
                    : LibP2pNoiseSession.responder(host.noiseIdentity(), host.random());
            send(ctx, noise.start());
            stage = Stage.NOISE;
        }
    }

    private void handshake(ChannelHandlerContext ctx, ByteBuffer view) {
        send(ctx, noise.receive(view));
        if (noise.isComplete()) {
            transport = noise.result().transport();
            if (!dialer) { // dials held for a crossing handshake from another peer need not wait for this one
                provenAs(noise.result().remotePeer());
                host.manager().pendingIdentified(this);
            }
            muxerBytes = new ByteAccumulator("muxer negotiation", 20 * 1024);
            if (dialer) {
                muxer = MultistreamSelect.dialer(List.of(YamuxSession.PROTOCOL_ID));
                send(ctx, transport.seal(muxer.start()));
            } else {
                muxer = MultistreamSelect.listener(Set.of(YamuxSession.PROTOCOL_ID));
            }
            stage = Stage.MUXER;
            decrypt(ctx, view);
        }
    }

    private void decrypt(ChannelHandlerContext ctx, ByteBuffer view) {
        byte[] plain;
        while (stage != Stage.FAILED && (plain = transport.open(view)) != null) {
            if (stage == Stage.MUXED) {
                connection.receive(plain);
            } else {
                negotiateMuxer(ctx, plain);
            }
        }
    }

    private void negotiateMuxer(ChannelHandlerContext ctx, byte[] plain) {
        muxerBytes.append(plain);
        ByteBuffer view = muxerBytes.view();
        MultistreamSelect.Step step = muxer.receive(view);
        muxerBytes.consumedTo(view);
        if (step.toSend().length > 0) {
            send(ctx, transport.seal(step.toSend()));
        }
        if (step.outcome() == MultistreamSelect.Outcome.REJECTED) {
            throw new ProtocolViolationException("the remote does not speak " + YamuxSession.PROTOCOL_ID);
        }
        if (step.outcome() == MultistreamSelect.Outcome.SELECTED) {
            timeout.cancel(false);
            stage = Stage.MUXED;
            connection = new Libp2pConnection(host, ctx.channel(), dialer, dialedAddress, noise.result(),
                    host.config());
            connection.upgradeTook(System.nanoTime() - startedNanos);
            host.onUpgraded(this, connection);
            result.complete(connection);
            if (muxerBytes.size() > 0) {
                connection.receive(muxerBytes.drain());
            }
        }
    }

    private static void send(ChannelHandlerContext ctx, byte[] bytes) {
        if (bytes.length > 0) {
            ctx.write(Unpooled.wrappedBuffer(bytes));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (connection != null) {
            connection.onChannelClosed();
        } else if (stage != Stage.FAILED) {
            // The remote hung up mid-upgrade: a failed connection like any other.
            fail(ctx, new ProtocolViolationException("the remote closed the connection during the upgrade (stage "
                    + stage + ")"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (stage == Stage.FAILED) {
            return;
        }
        host.countFailure(cause);
        end(ctx, cause);
    }

    /** Ends the upgrade (or the connection) with {@code cause}, once. */
    private void end(ChannelHandlerContext ctx, Throwable cause) {
        if (stage == Stage.FAILED) {
            return;
        }
        Stage at = stage;
        stage = Stage.FAILED;
        if (!dialer) { // whatever stage it failed at (a no-op once admitted): no held dial may wait for it
            host.manager().pendingEnded(this);
        }
        LOG.debug("closing connection with {} at stage {}: {}", ctx.channel().remoteAddress(), at, cause.toString());
        result.completeExceptionally(cause);
        if (timeout != null) {
            timeout.cancel(false);
        }
        ctx.flush();
        ctx.close();
    }
}
