package org.olocus.discovery.coordinator.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerStream;
import org.olocus.discovery.api.StreamReceiver;

/** A connection as the transport would report it, without a network: id, address and direction only. */
final class FakeConnection implements PeerConnection {
    private final PeerId peer;
    private final Multiaddr remote;
    private final ConnectionDirection direction;
    private final Instant openedAt = Instant.now();
    private volatile boolean open = true;

    FakeConnection(PeerId peer, String remote, ConnectionDirection direction) {
        this.peer = peer;
        this.remote = Multiaddr.parse(remote);
        this.direction = direction;
    }

    @Override
    public PeerId remotePeer() {
        return peer;
    }

    @Override
    public Multiaddr remoteAddress() {
        return remote;
    }

    @Override
    public ConnectionDirection direction() {
        return direction;
    }

    @Override
    public Instant openedAt() {
        return openedAt;
    }

    @Override
    public Optional<IdentifyInfo> identify() {
        return Optional.empty();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public CompletableFuture<PeerStream> newStream(StreamReceiver receiver, String... protocols) {
        return CompletableFuture.failedFuture(new DiscoveryException(DiscoveryException.Kind.NETWORK,
                "a fake connection carries no streams"));
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public String toString() {
        return "FakeConnection(" + peer + " " + remote + " " + direction + ")";
    }
}
