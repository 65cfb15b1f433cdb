package org.olocus.discovery.coordinator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerStream;
import org.olocus.discovery.api.StreamReceiver;

/**
 * A Host without a network: each address answers as the peer the test put there (or refuses), connections are
 * {@link FakeConnection}s, and every dial is recorded. {@code onConnect} sees each new connection (a test passes
 * it to the coordinator's tracker, as the transport's HostListener whiteboard would).
 */
final class FakeHost implements Host {
    final PeerId self = TestPeers.randomId();
    final List<Multiaddr> dialled = new CopyOnWriteArrayList<>();
    final Map<Multiaddr, PeerId> listening = new ConcurrentHashMap<>();
    final List<PeerConnection> open = new CopyOnWriteArrayList<>();
    volatile List<Multiaddr> listen = List.of(Multiaddr.parse("/ip4/10.9.0.1/tcp/4001"));
    volatile Consumer<PeerConnection> onConnect = c -> { };

    @Override
    public PeerId peerId() {
        return self;
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        return listen;
    }

    @Override
    public Set<String> protocols() {
        return Set.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0");
    }

    @Override
    public CompletableFuture<PeerConnection> connect(Multiaddr address) {
        dialled.add(address);
        Multiaddr plain = address.withoutPeerId();
        PeerId who = listening.get(plain);
        if (who == null) {
            return CompletableFuture.failedFuture(new DiscoveryException(DiscoveryException.Kind.NETWORK,
                    "connection refused: " + plain));
        }
        if (address.peerId().isPresent() && !address.peerId().get().equals(who)) {
            return CompletableFuture.failedFuture(new DiscoveryException(DiscoveryException.Kind.NETWORK,
                    "wrong peer id at " + plain));
        }
        FakeConnection c = new FakeConnection(who, plain.toString(), ConnectionDirection.OUTBOUND);
        open.add(c);
        onConnect.accept(c);
        return CompletableFuture.completedFuture(c);
    }

    @Override
    public CompletableFuture<PeerConnection> connect(PeerId peer, List<Multiaddr> addresses) {
        return connect(addresses.get(0).withPeerId(peer));
    }

    @Override
    public CompletableFuture<PeerStream> newStream(PeerId peer, StreamReceiver receiver, String... protocols) {
        return CompletableFuture.failedFuture(new DiscoveryException(DiscoveryException.Kind.NETWORK, "no streams"));
    }

    @Override
    public List<PeerConnection> connections() {
        List<PeerConnection> out = new ArrayList<>();
        open.stream().filter(PeerConnection::isOpen).forEach(out::add);
        return out;
    }

    @Override
    public Optional<PeerConnection> connection(PeerId peer) {
        return open.stream().filter(c -> c.isOpen() && c.remotePeer().equals(peer)).findFirst();
    }

    @Override
    public CompletableFuture<Duration> ping(PeerId peer) {
        return CompletableFuture.completedFuture(Duration.ofMillis(1));
    }

    @Override
    public CompletableFuture<Void> disconnect(PeerId peer) {
        open.stream().filter(c -> c.remotePeer().equals(peer)).forEach(PeerConnection::close);
        return CompletableFuture.completedFuture(null);
    }

    long dialsTo(Multiaddr address) {
        return dialled.stream().filter(a -> a.withoutPeerId().equals(address)).count();
    }
}
