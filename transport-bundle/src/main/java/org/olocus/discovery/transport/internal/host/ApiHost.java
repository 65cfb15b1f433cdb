package org.olocus.discovery.transport.internal.host;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerStream;
import org.olocus.discovery.api.StreamReceiver;
import org.olocus.discovery.transport.internal.connection.ConnectionObserver;
import org.olocus.discovery.transport.internal.connection.Libp2pConnection;
import org.olocus.discovery.transport.internal.connection.Libp2pHost;
import org.olocus.discovery.transport.internal.identify.IdentifyInfos;
import org.olocus.discovery.transport.internal.identify.IdentifyMessage;
import org.olocus.discovery.transport.internal.identify.PeerRecordVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api {@link Host} over a {@link Libp2pHost} (the engine): one {@link ApiConnection} per open connection,
 * connection events to the {@link HostEventDispatcher}, failures as {@link DiscoveryException}s (TIMEOUT or
 * NETWORK). {@link TransportComponent} creates it and registers it as the {@link Host} service.
 */
public final class ApiHost implements Host {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHost.class);
    /** Slack over the host's own timeouts before a future is failed here (the host should fail it first). */
    private static final Duration SLACK = Duration.ofSeconds(1);

    private final Libp2pHost libp2p;
    private final TransportSettings settings;
    private final HostEventDispatcher events;
    private final Supplier<List<InetAddress>> interfaceAddresses;
    private final Map<Libp2pConnection, ApiConnection> connections = new ConcurrentHashMap<>();
    private final List<Multiaddr> bound = new CopyOnWriteArrayList<>();
    private final Map<Multiaddr, String> bindFailures = new ConcurrentHashMap<>();
    private final PeerRecordVerifier records = new PeerRecordVerifier();

    ApiHost(Libp2pHost libp2p, TransportSettings settings, HostEventDispatcher events,
            Supplier<List<InetAddress>> interfaceAddresses) {
        this.libp2p = libp2p;
        this.settings = settings;
        this.events = events;
        this.interfaceAddresses = interfaceAddresses;
        libp2p.observe(new Observer());
        libp2p.advertise(this::listenAddresses);
    }

    /** Signed peer records of remotes refused so far, by reason. */
    public Map<PeerRecordVerifier.Refusal, Long> recordRefusals() {
        return records.refusals();
    }

    /**
     * Binds every address (IPv6 wildcards first, see {@link ListenAddresses#bindOrder}); one that cannot be bound is
     * logged and left out, the others serve. Returns the addresses bound.
     */
    List<Multiaddr> listen(List<Multiaddr> addresses) throws InterruptedException {
        for (Multiaddr address : ListenAddresses.bindOrder(addresses)) {
            InetSocketAddress socket = ListenAddresses.socketAddress(address);
            try {
                Multiaddr result = libp2p.listen(socket);
                bound.add(result);
                LOG.info("Listening on {}", result);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (ListenAddresses.servedByDualStack(address, e, bound)) {
                    bound.add(address);
                    LOG.info("{} is served by the dual-stack /ip6/::/tcp/{} socket", address,
                            socket.getPort());
                } else {
                    bindFailures.put(address, e.toString());
                    LOG.error("Cannot listen on {} (listen_addresses): {}", address, e.toString());
                }
            }
        }
        return List.copyOf(bound);
    }

    // ---- Host ----

    @Override
    public PeerId peerId() {
        return libp2p.peerId();
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        if (!settings.announceAddresses().isEmpty()) {
            return settings.announceAddresses();
        }
        return ListenAddresses.expand(bound, interfaceAddresses);
    }

    @Override
    public Set<String> protocols() {
        return libp2p.protocols();
    }

    @Override
    public CompletableFuture<PeerConnection> connect(Multiaddr address) {
        if (address == null) {
            throw new IllegalArgumentException("connect needs an address");
        }
        CompletableFuture<Libp2pConnection> dial;
        try {
            dial = libp2p.dial(address);
        } catch (RuntimeException e) {
            return TransportErrors.failed("cannot dial " + address, e);
        }
        Duration limit = settings.connectTimeout().plus(SLACK);
        return dial.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).handle((c, e) -> {
            if (e != null) {
                Throwable cause = isOurTimeout(e) ? new TimeoutException("no connection within "
                        + limit.toSeconds() + " s") : e;
                throw new CompletionException(TransportErrors.connectFailed(address, cause));
            }
            return (PeerConnection) adapter(c);
        });
    }

    @Override
    public CompletableFuture<PeerConnection> connect(PeerId peer, List<Multiaddr> addresses) {
        Optional<PeerConnection> open = connection(peer);
        if (open.isPresent()) {
            return CompletableFuture.completedFuture(open.get());
        }
        if (addresses == null || addresses.isEmpty()) {
            return TransportErrors.failed("no address to connect to " + peer);
        }
        return tryConnect(peer, List.copyOf(addresses), 0, new ConnectFailures(peer));
    }

    /**
     * One address after the other, each dialed as {@code <address>/p2p/<peer>}: the handshake refuses another peer
     * before we reveal who we are, and dial backoff is per address, so an address in backoff fails at once and the
     * next is tried. Each attempt is bounded by the host's dial and handshake timeouts.
     */
    private CompletableFuture<PeerConnection> tryConnect(PeerId peer, List<Multiaddr> addresses, int index,
            ConnectFailures failures) {
        if (index == addresses.size()) {
            return CompletableFuture.failedFuture(failures.exception());
        }
        Multiaddr address = addresses.get(index);
        Optional<PeerId> named = address.peerId();
        if (named.isPresent() && !named.get().equals(peer)) {
            failures.namesAnotherPeer(address, named.get());
            return tryConnect(peer, addresses, index + 1, failures);
        }
        Multiaddr target = address.withoutPeerId();
        return connect(target.withPeerId(peer)).handle((c, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(c);
            }
            failures.failed(target, TransportErrors.connectFailed(target.withPeerId(peer), e));
            return tryConnect(peer, addresses, index + 1, failures);
        }).thenCompose(f -> f);
    }

    @Override
    public CompletableFuture<PeerStream> newStream(PeerId peer, StreamReceiver receiver, String... protocols) {
        Optional<PeerConnection> c = connection(peer);
        if (c.isEmpty()) {
            return TransportErrors.failed("not connected to " + peer);
        }
        return c.get().newStream(receiver, protocols);
    }

    /** The connections the host uses, oldest first (one that lost a simultaneous dial and is closing is left out). */
    @Override
    public List<PeerConnection> connections() {
        List<PeerConnection> out = new ArrayList<>();
        for (Libp2pConnection c : libp2p.connections()) {
            if (c.isOpen()) {
                out.add(adapter(c));
            }
        }
        out.sort((x, y) -> x.openedAt().compareTo(y.openedAt()));
        return out;
    }

    /** The connection the host prefers for {@code peer}. */
    @Override
    public Optional<PeerConnection> connection(PeerId peer) {
        return libp2p.connection(peer).filter(Libp2pConnection::isOpen).map(this::adapter);
    }

    @Override
    public CompletableFuture<Duration> ping(PeerId peer) {
        Optional<PeerConnection> c = connection(peer);
        if (c.isEmpty()) {
            return TransportErrors.failed("not connected to " + peer);
        }
        Duration limit = settings.connectTimeout();
        return libp2p.ping(((ApiConnection) c.get()).libp2p()).orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
                .handle((rtt, e) -> {
                    if (e != null) {
                        Throwable cause = isOurTimeout(e) ? new TimeoutException("no answer within "
                                + limit.toSeconds() + " s") : e;
                        throw new CompletionException(TransportErrors.of("ping " + peer + " failed", cause));
                    }
                    return rtt;
                });
    }

    /** {@code orTimeout}'s own exception (the host's timeouts carry a message that says what timed out). */
    private static boolean isOurTimeout(Throwable e) {
        Throwable c = TransportErrors.unwrap(e);
        return c instanceof TimeoutException && c.getMessage() == null;
    }

    @Override
    public CompletableFuture<Void> disconnect(PeerId peer) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Libp2pConnection c : libp2p.allConnections()) {
            if (c.remotePeer().equals(peer)) {
                closing.add(c.closedFuture());
                c.close();
            }
        }
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }

    // ---- for the component, the whiteboard and the commands ----

    /**
     * The one adapter of {@code c}, made when the host announced it. A connection the host never announced (one
     * that lost a simultaneous dial and is closing) gets a detached adapter that is not kept.
     */
    ApiConnection adapter(Libp2pConnection c) {
        ApiConnection known = connections.get(c);
        return known != null ? known : new ApiConnection(c);
    }

    public Libp2pHost libp2p() {
        return libp2p;
    }

    public TransportSettings settings() {
        return settings;
    }

    public HostEventDispatcher events() {
        return events;
    }

    /** Where we are bound (wildcards as such). */
    public List<Multiaddr> boundAddresses() {
        return List.copyOf(bound);
    }

    /** Listen addresses that could not be bound, with why. */
    public Map<Multiaddr, String> bindFailures() {
        return Map.copyOf(bindFailures);
    }

    /** Follows the libp2p host's connections (on their event loops) and turns them into api events. */
    private final class Observer implements ConnectionObserver {
        @Override
        public void opened(Libp2pConnection connection) {
            events.connected(connections.computeIfAbsent(connection, ApiConnection::new));
        }

        @Override
        public void identified(Libp2pConnection connection, IdentifyMessage message) {
            ApiConnection c = connections.get(connection);
            if (c != null) {
                var signed = records.verifiedAddresses(message, connection.remotePeer(), connection.recordSequence());
                var info = IdentifyInfos.from(message, connection.remoteKey(), signed);
                c.identified(info);
                events.identified(c, info);
            }
        }

        @Override
        public void closed(Libp2pConnection connection) {
            ApiConnection c = connections.remove(connection);
            if (c != null) {
                events.disconnected(c);
            }
        }
    }
}
