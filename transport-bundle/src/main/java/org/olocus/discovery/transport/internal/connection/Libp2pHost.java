package org.olocus.discovery.transport.internal.connection;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.identify.IdentifyMessage;
import org.olocus.discovery.transport.internal.identify.IdentifyProtocol;
import org.olocus.discovery.transport.internal.identify.IdentifyPushProtocol;
import org.olocus.discovery.transport.internal.identify.PeerRecordIssuer;
import org.olocus.discovery.transport.internal.multistream.MultistreamCodec;
import org.olocus.discovery.transport.internal.noise.NoiseIdentity;
import org.olocus.discovery.transport.internal.noise.PeerIdMismatchException;
import org.olocus.discovery.transport.internal.ping.PingProtocol;

/**
 * A libp2p host on Netty 4.1 TCP: listens and dials, upgrades every connection (multistream-select, Noise,
 * Yamux), serves ping and identify and whatever protocols are registered with {@link #handle}, and asks every
 * new connection's remote for its identify. Owns its event-loop group (threads {@code olocus-transport-io-…});
 * {@link #close()} releases every socket and thread. Its {@link ConnectionManager} enforces the
 * {@link ConnectionLimits}: in/out/per-peer limits, dial de-duplication, reuse and backoff, the simultaneous-dial
 * rule, water-mark pruning and the pending-handshake bound; each connection closes itself when idle or when its
 * keep-alive ping goes unanswered. Every refusal and closing is counted ({@link #counters()}).
 *
 * <p>This is the engine; it knows nothing of OSGi or of the api. The api {@code Host} over it is
 * {@code host.ApiHost}, and the DS component that configures, starts and publishes both is
 * {@code host.TransportComponent}.
 */
public final class Libp2pHost implements AutoCloseable {
    private final LocalPeer local;
    private final HostConfig config;
    private final SecureRandom random = new SecureRandom();
    private final NoiseIdentity noiseIdentity;
    private final EventLoopGroup group;
    private final Map<String, InboundStreamHandler> handlers = new ConcurrentHashMap<>();
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final List<Multiaddr> listenAddresses = new CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private final ConnectionCounters counters = new ConnectionCounters();
    private final ConnectionManager manager;
    private final ScheduledFuture<?> pruner;
    private final List<ConnectionObserver> observers = new CopyOnWriteArrayList<>();
    private final PeerRecordIssuer recordIssuer;
    private volatile Supplier<List<Multiaddr>> advertised = this::listenAddresses;
    private volatile boolean closed;

    public Libp2pHost(LocalPeer local, HostConfig config) {
        this(local, config, System::nanoTime);
    }

    /** @param backoffClock the dial backoff's clock ({@link System#nanoTime()}; tests step their own) */
    Libp2pHost(LocalPeer local, HostConfig config, LongSupplier backoffClock) {
        this.local = local;
        this.config = config;
        // No muxer list in the Noise payload: the muxer is always negotiated with multistream-select.
        this.noiseIdentity = new NoiseIdentity(local, List.of(), random);
        this.group = new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("olocus-transport-io", true));
        this.manager = new ConnectionManager(local.peerId(), config.limits(), counters, backoffClock);
        long every = config.limits().gracePeriod().toNanos();
        this.pruner = group.next().scheduleAtFixedRate(manager::prune, every, every, TimeUnit.NANOSECONDS);
        handle(PingProtocol.ID, PingProtocol::serve);
        this.recordIssuer = new PeerRecordIssuer(local);
        handle(IdentifyProtocol.ID, stream -> IdentifyProtocol.serve(this, stream));
        handle(IdentifyPushProtocol.ID, stream -> IdentifyPushProtocol.serve(stream, this::onIdentifyPush));
    }

    /** Our peer id. */
    public PeerId peerId() {
        return local.peerId();
    }

    public LocalPeer local() {
        return local;
    }

    /** Starts listening on {@code address} and returns the bound address as a multiaddr (port filled in). */
    public Multiaddr listen(InetSocketAddress address) throws InterruptedException {
        ensureOpen();
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .handler(new ConnectionAcceptor(this))
                .childHandler(ConnectionAcceptor.childInitializer());
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
     * Sets what identify and our signed peer record tell others to dial (the Host's announce addresses, or the
     * bound ones with a wildcard expanded): never an unspecified {@code 0.0.0.0}. Default: the bound addresses.
     */
    public void advertise(Supplier<List<Multiaddr>> addresses) {
        advertised = addresses;
    }

    /** The addresses identify and our peer record carry. */
    public List<Multiaddr> advertisedAddresses() {
        return advertised.get();
    }

    /** Signs our peer record, once per set of advertised addresses. */
    public PeerRecordIssuer recordIssuer() {
        return recordIssuer;
    }

    /**
     * Dials {@code address}: {@code /ip4|ip6/<literal>/tcp/<port>}, optionally ending in {@code /p2p/<id>}.
     * <ul>
     * <li>With {@code /p2p}: an open connection to that peer is returned as it is; a dial to a peer already being
     * dialled at the same address joins that dial (same future); otherwise a new connection is made, and the
     * future fails when the remote is not that peer ({@link PeerIdMismatchException}), breaks a protocol, or the
     * dial or handshake times out.</li>
     * <li>Without {@code /p2p}: whoever answers is accepted (the handshake proves its id). Joining keys on the
     * address; once the peer that answered there is known, an open connection to it is reused. If the handshake
     * proves a peer we are already connected to, the existing connection wins (simultaneous-dial rule or per-peer
     * limit) and the future completes with it.</li>
     * </ul>
     * Dial backoff is per address ({@link AddressBackoff}): a dial of an address in backoff fails at once
     * ({@link DialBackoffException}, naming the address), and so does a dial beyond {@code maxOutbound}
     * ({@link DialRefusedException}).
     * When both peers dial each other at once, both futures end with the same surviving connection.
     *
     * @throws IllegalArgumentException when the address is not a TCP address with a literal IP
     */
    public CompletableFuture<Libp2pConnection> dial(Multiaddr address) {
        return dial(address, false);
    }

    /**
     * Always makes a new connection to {@code address} (for benchmarks and tests of the handshake): no joining, no
     * reuse, no backoff; the outbound limit applies, and so do the per-peer limit and the simultaneous-dial rule
     * once the peer is proven — the future fails ({@link ConnectionShedException}) if they close the new one.
     */
    CompletableFuture<Libp2pConnection> dialNew(Multiaddr address) {
        return dial(address, true);
    }

    private CompletableFuture<Libp2pConnection> dial(Multiaddr address, boolean fresh) {
        InetSocketAddress target = address.withoutPeerId().toSocketAddress().orElseThrow(
                () -> new IllegalArgumentException("not a TCP address with a literal IP: " + address));
        boolean[] isNew = new boolean[1];
        ConnectionManager.DialAttempt attempt = manager.dial(address, fresh, isNew);
        if (!isNew[0]) {
            return attempt.future().copy();
        }
        if (fresh) {
            connect(attempt, target);
        } else {
            // Inbound handshakes from that IP under way may be the peer dialling us: let them finish first, and
            // use the connection if one proves the peer, so that fewer dials cross.
            manager.afterPendingFrom(attempt, target.getAddress(), () -> {
                if (!manager.endWithExisting(attempt)) {
                    connect(attempt, target);
                }
            });
        }
        return attempt.future().copy();
    }

    private void connect(ConnectionManager.DialAttempt attempt, InetSocketAddress target) {
        CompletableFuture<Libp2pConnection> upgraded = new CompletableFuture<>();
        upgraded.whenComplete((c, e) -> manager.dialFinished(attempt, c, e));
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
                .handler(new ConnectionUpgrader(this, true, attempt.expected(), attempt.address(), upgraded));
        try {
            bootstrap.connect(target).addListener(f -> {
                if (!f.isSuccess()) {
                    countFailure(f.cause());
                    upgraded.completeExceptionally(f.cause());
                }
            });
        } catch (RuntimeException e) { // the group is shutting down
            upgraded.completeExceptionally(e);
        }
    }

    /** Serves {@code protocol} on inbound streams with {@code handler} (replacing any earlier one). */
    public void handle(String protocol, InboundStreamHandler handler) {
        MultistreamCodec.encode(protocol); // validates the id
        handlers.put(protocol, handler);
    }

    /** Stops serving {@code protocol}; open streams carry on. */
    public void unhandle(String protocol) {
        handlers.remove(protocol);
    }

    /** The protocols we serve. */
    public Set<String> protocols() {
        return Set.copyOf(handlers.keySet());
    }

    /** The listener for an inbound stream whose protocol was just agreed, or {@code null} if none serves it. */
    StreamListener listenerFor(Libp2pStream stream) {
        InboundStreamHandler handler = handlers.get(stream.protocol());
        return handler == null ? null : handler.accept(stream);
    }

    /**
     * Open connections the host uses: those that lost a simultaneous dial and are closing are left out (see
     * {@link #allConnections()}).
     */
    public List<Libp2pConnection> connections() {
        return new ArrayList<>(manager.live());
    }

    /** Every open connection, those closing after losing a simultaneous dial included. */
    public List<Libp2pConnection> allConnections() {
        return manager.all();
    }

    /** The connection used for {@code peer} (preferred direction, not closing), if any. */
    public Optional<Libp2pConnection> connection(PeerId peer) {
        return Optional.ofNullable(manager.best(peer));
    }

    /** Why connections were refused or closed, per reason key (every reason listed, zeros included). */
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    /** Connection counts right now: inbound, outbound, dialling, pending inbound handshakes, addresses in backoff. */
    public ConnectionStats stats() {
        return new ConnectionStats(manager.inbound(), manager.outbound(), manager.dialling(),
                manager.pendingHandshakes(), manager.inBackoff());
    }

    /** Pings over {@code connection} and returns the round-trip time. */
    public CompletableFuture<Duration> ping(Libp2pConnection connection) {
        return PingProtocol.ping(connection, random);
    }

    /** Adds an observer of connections opened, identified and closed from now on. */
    public void observe(ConnectionObserver observer) {
        observers.add(observer);
    }

    /**
     * Connections (and dials) that failed because of a protocol violation, a wrong peer, a timeout or an I/O error.
     * Refusals by the connection manager are not failures; they are in {@link #counters()}.
     */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        closed = true;
        manager.close();
        pruner.cancel(false);
        listeners.forEach(Channel::close);
        manager.all().forEach(Libp2pConnection::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    // ---- for the connection machinery ----

    public HostConfig config() {
        return config;
    }

    NoiseIdentity noiseIdentity() {
        return noiseIdentity;
    }

    SecureRandom random() {
        return random;
    }

    ConnectionCounters counterSet() {
        return counters;
    }

    ConnectionManager manager() {
        return manager;
    }

    void countFailure(Throwable cause) {
        failures.incrementAndGet();
        counters.count(ConnectionCounters.classify(cause));
    }

    /** A connection finished its upgrade (on its event loop): admit it, then observe it and ask its identify. */
    void onUpgraded(ConnectionUpgrader upgrader, Libp2pConnection connection) {
        ConnectionManager.Admission admission = manager.admit(upgrader, connection);
        if (admission == ConnectionManager.Admission.REJECTED) {
            return;
        }
        connection.closedFuture().whenComplete((v, e) -> manager.removed(connection));
        connection.startTimers();
        if (admission == ConnectionManager.Admission.SUPERSEDED) {
            return; // closing: nobody hears of it, and we ask it nothing
        }
        observers.forEach(o -> o.opened(connection));
        connection.closedFuture().whenComplete((v, e) -> observers.forEach(o -> o.closed(connection)));
        IdentifyProtocol.request(connection).whenComplete((message, e) -> {
            if (e != null) {
                connection.remoteIdentify().completeExceptionally(e);
            } else {
                connection.identifiedAs(message);
                connection.remoteIdentify().complete(message);
                observers.forEach(o -> o.identified(connection, message));
            }
        });
    }

    /** A remote pushed an identify update (on the connection's event loop): merge it and tell the observers. */
    private void onIdentifyPush(Libp2pConnection connection, IdentifyMessage update) {
        IdentifyMessage before = connection.latestIdentify();
        IdentifyMessage now = before == null ? update : before.updatedBy(update);
        connection.identifiedAs(now);
        observers.forEach(o -> o.identified(connection, now));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the host is closed");
        }
    }
}
