package org.olocus.discovery.transport.internal;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;

/**
 * A libp2p host on Netty 4.1 TCP: listens and dials, upgrades every connection (multistream-select, Noise,
 * Yamux), serves ping and identify and whatever protocols are registered with {@link #handle}, and asks every
 * new connection's remote for its identify. Owns its event-loop group (threads {@code olocus-transport-io-…});
 * {@link #close()} releases every socket and thread. Not yet an OSGi service.
 */
public final class NettyHost implements AutoCloseable {
    private final LocalPeer local;
    private final HostConfig config;
    private final SecureRandom random = new SecureRandom();
    private final NoiseIdentity noiseIdentity;
    private final EventLoopGroup group;
    private final Map<String, InboundStreamHandler> handlers = new ConcurrentHashMap<>();
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final List<Multiaddr> listenAddresses = new CopyOnWriteArrayList<>();
    private final Set<Libp2pConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong failures = new AtomicLong();
    private final List<ConnectionObserver> observers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    NettyHost(LocalPeer local, HostConfig config) {
        this.local = local;
        this.config = config;
        // No muxer list in the Noise payload: the muxer is always negotiated with multistream-select.
        this.noiseIdentity = new NoiseIdentity(local, List.of(), random);
        this.group = new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("olocus-transport-io", true));
        handle(PingProtocol.ID, PingProtocol::serve);
        handle(IdentifyProtocol.ID, stream -> IdentifyProtocol.serve(this, stream));
    }

    /** Our peer id. */
    PeerId peerId() {
        return local.peerId();
    }

    LocalPeer local() {
        return local;
    }

    /** Starts listening on {@code address} and returns the bound address as a multiaddr (port filled in). */
    Multiaddr listen(InetSocketAddress address) throws InterruptedException {
        ensureOpen();
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new ConnectionUpgrader(NettyHost.this, false, null,
                                new CompletableFuture<>()));
                    }
                });
        Channel channel = bootstrap.bind(address).sync().channel();
        listeners.add(channel);
        Multiaddr bound = Multiaddr.fromSocketAddress((InetSocketAddress) channel.localAddress());
        listenAddresses.add(bound);
        return bound;
    }

    /** Where we listen (without {@code /p2p}). */
    List<Multiaddr> listenAddresses() {
        return List.copyOf(listenAddresses);
    }

    /**
     * Dials {@code address}, which must end in {@code /p2p/<id>}: the future completes with the upgraded
     * connection, or fails when the remote is not that peer ({@link PeerIdMismatchException}), breaks a protocol,
     * or the dial or handshake times out.
     */
    CompletableFuture<Libp2pConnection> dial(Multiaddr address) {
        CompletableFuture<Libp2pConnection> result = new CompletableFuture<>();
        PeerId expected = address.peerId().orElseThrow(() -> new IllegalArgumentException(
                "dial needs an address ending in /p2p/<peer id>: " + address));
        InetSocketAddress target = address.withoutPeerId().toSocketAddress().orElseThrow(
                () -> new IllegalArgumentException("not a TCP address with a literal IP: " + address));
        if (closed) {
            result.completeExceptionally(new IllegalStateException("the host is closed"));
            return result;
        }
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
                .handler(new ConnectionUpgrader(this, true, expected, result));
        ChannelFuture connect = bootstrap.connect(target);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                failures.incrementAndGet();
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /** Serves {@code protocol} on inbound streams with {@code handler} (replacing any earlier one). */
    void handle(String protocol, InboundStreamHandler handler) {
        MultistreamCodec.encode(protocol); // validates the id
        handlers.put(protocol, handler);
    }

    /** Stops serving {@code protocol}; open streams carry on. */
    void unhandle(String protocol) {
        handlers.remove(protocol);
    }

    /** The protocols we serve. */
    Set<String> protocols() {
        return Set.copyOf(handlers.keySet());
    }

    /** The listener for an inbound stream whose protocol was just agreed, or {@code null} if none serves it. */
    StreamListener listenerFor(Libp2pStream stream) {
        InboundStreamHandler handler = handlers.get(stream.protocol());
        return handler == null ? null : handler.accept(stream);
    }

    /** Open connections. */
    List<Libp2pConnection> connections() {
        return new ArrayList<>(connections);
    }

    /** Pings over {@code connection} and returns the round-trip time. */
    CompletableFuture<Duration> ping(Libp2pConnection connection) {
        return PingProtocol.ping(connection, random);
    }

    /** Adds an observer of connections opened, identified and closed from now on. */
    void observe(ConnectionObserver observer) {
        observers.add(observer);
    }

    /** Connections closed because of a protocol violation, a wrong peer, a timeout or an I/O error. */
    long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        closed = true;
        listeners.forEach(Channel::close);
        connections.forEach(Libp2pConnection::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    // ---- for the connection machinery ----

    HostConfig config() {
        return config;
    }

    NoiseIdentity noiseIdentity() {
        return noiseIdentity;
    }

    SecureRandom random() {
        return random;
    }

    void countFailure(Throwable cause) {
        failures.incrementAndGet();
    }

    void onConnected(Libp2pConnection connection) {
        connections.add(connection);
        observers.forEach(o -> o.opened(connection));
        connection.closedFuture().whenComplete((v, e) -> {
            connections.remove(connection);
            observers.forEach(o -> o.closed(connection));
        });
        if (closed) {
            connection.close();
            return;
        }
        IdentifyProtocol.request(connection).whenComplete((message, e) -> {
            if (e != null) {
                connection.remoteIdentify().completeExceptionally(e);
            } else {
                connection.remoteIdentify().complete(message);
                observers.forEach(o -> o.identified(connection, message));
            }
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the host is closed");
        }
    }
}
