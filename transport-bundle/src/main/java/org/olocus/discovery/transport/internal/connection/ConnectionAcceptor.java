package org.olocus.discovery.transport.internal.connection;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.AttributeKey;

/**
 * Sits on a listening channel, ahead of Netty's acceptor: sees every accepted TCP connection at once, on the
 * listener's event loop, before the connection is handed to its own event loop. A connection beyond
 * {@code maxInbound} is closed right there; any other gets its {@link ConnectionUpgrader} and counts as a pending
 * handshake from this moment, so that a dial racing with it sees it (simultaneous dials) and the pending bound
 * applies before the connection costs anything more.
 */
final class ConnectionAcceptor extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<ConnectionUpgrader> UPGRADER = AttributeKey.valueOf("olocus.upgrader");

    private final Libp2pHost host;

    ConnectionAcceptor(Libp2pHost host) {
        this.host = host;
    }

    /** On the listener's event loop: the deadlines of dials held for inbound handshakes run there. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        host.manager().listening(ctx.executor(), host.config().handshakeTimeout());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (!host.manager().acceptInbound()) {
            child.unsafe().closeForcibly(); // never registered: nothing else to release
            return;
        }
        ConnectionUpgrader upgrader = new ConnectionUpgrader(host, false, null, null, new CompletableFuture<>());
        if (child.remoteAddress() instanceof InetSocketAddress remote) {
            upgrader.accepted(remote.getAddress());
        }
        child.attr(UPGRADER).set(upgrader);
        host.manager().pendingStarted(upgrader);
        ctx.fireChannelRead(child);
    }

    /** The child handler: installs the upgrader made at the accept. */
    static ChannelInitializer<Channel> childInitializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(channel.attr(UPGRADER).getAndSet(null));
            }
        };
    }
}
