package org.olocus.discovery.dns.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerStream;
import org.olocus.discovery.api.StreamReceiver;

/**
 * A {@link Host} without a network: {@link #answer} says which peer id "answers" at an address; a dial elsewhere
 * fails as a refused connection would, and a dial of {@code <address>/p2p/<id>} where another id answers fails as
 * the real host refuses it. {@link #hang} makes dials to an address never complete. Every dial is recorded.
 */
final class FakeHost implements Host {
    private final PeerId self = TestPeers.newPeerId();
    final Map<Multiaddr, PeerId> answers = new ConcurrentHashMap<>();
    final Set<Multiaddr> hanging = ConcurrentHashMap.newKeySet();
    final List<Multiaddr> dials = new CopyOnWriteArrayList<>();
    final Map<PeerId, PeerConnection> open = new ConcurrentHashMap<>();

    FakeHost answer(String address, PeerId id) {
        answers.put(Multiaddr.parse(address), id);
        return this;
    }

    FakeHost hang(String address) {
        hanging.add(Multiaddr.parse(address));
        return this;
    }

    @Override
    public PeerId peerId() {
        return self;
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        return List.of();
    }

    @Override
    public Set<String> protocols() {
        return Set.of();
    }

    @Override
    public CompletableFuture<PeerConnection> connect(Multiaddr address) {
        dials.add(address);
        Multiaddr bare = address.withoutPeerId();
        if (!bare.toSocketAddress().map(s -> s.getAddress().isLoopbackAddress()).orElse(false)) {
            throw new AssertionError("a test dialled " + address + ", which is not loopback");
        }
        if (hanging.contains(bare)) {
            return new CompletableFuture<>();
        }
        PeerId id = answers.get(bare);
        if (id == null) {
            return CompletableFuture.failedFuture(new DiscoveryException(DiscoveryException.Kind.NETWORK,
                    "connection refused: " + address));
        }
        if (address.peerId().isPresent() && !address.peerId().get().equals(id)) {
            return CompletableFuture.failedFuture(new DiscoveryException(DiscoveryException.Kind.NETWORK,
                    "expected " + address.peerId().get() + " at " + bare + " but " + id + " answered"));
        }
        PeerConnection c = new Connection(id, bare);
        open.put(id, c);
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
        return List.copyOf(open.values());
    }

    @Override
    public Optional<PeerConnection> connection(PeerId peer) {
        return Optional.ofNullable(open.get(peer));
    }

    @Override
    public CompletableFuture<Duration> ping(PeerId peer) {
        return CompletableFuture.completedFuture(Duration.ZERO);
    }

    @Override
    public CompletableFuture<Void> disconnect(PeerId peer) {
        open.remove(peer);
        return CompletableFuture.completedFuture(null);
    }

    private record Connection(PeerId remotePeer, Multiaddr remoteAddress) implements PeerConnection {
        @Override
        public ConnectionDirection direction() {
            return ConnectionDirection.OUTBOUND;
        }

        @Override
        public Instant openedAt() {
            return Instant.EPOCH;
        }

        @Override
        public Optional<IdentifyInfo> identify() {
            return Optional.empty();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public CompletableFuture<PeerStream> newStream(StreamReceiver receiver, String... protocols) {
            return CompletableFuture.failedFuture(new DiscoveryException(DiscoveryException.Kind.NETWORK,
                    "no streams"));
        }

        @Override
        public void close() {
        }
    }
}
