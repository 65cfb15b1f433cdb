package org.olocus.discovery.transport.internal.host;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerStream;
import org.olocus.discovery.api.StreamReceiver;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.connection.Libp2pConnection;
import org.olocus.discovery.transport.internal.connection.Libp2pStream;

/**
 * The api view of one {@link Libp2pConnection}: exactly one per connection while it is open (the {@link ApiHost}
 * keeps them), so listeners can compare connections by identity.
 */
public final class ApiConnection implements PeerConnection {
    private final Libp2pConnection connection;
    private final Multiaddr remoteAddress;
    private final Instant openedAt = Instant.now();
    private volatile IdentifyInfo identify;

    ApiConnection(Libp2pConnection connection) {
        this.connection = connection;
        // kept: the channel forgets its remote address once closed
        this.remoteAddress = connection.remoteAddress();
    }

    public Libp2pConnection libp2p() {
        return connection;
    }

    void identified(IdentifyInfo info) {
        identify = info;
    }

    @Override
    public PeerId remotePeer() {
        return connection.remotePeer();
    }

    @Override
    public Multiaddr remoteAddress() {
        return remoteAddress;
    }

    @Override
    public ConnectionDirection direction() {
        return connection.isDialer() ? ConnectionDirection.OUTBOUND : ConnectionDirection.INBOUND;
    }

    @Override
    public Instant openedAt() {
        return openedAt;
    }

    @Override
    public Optional<IdentifyInfo> identify() {
        return Optional.ofNullable(identify);
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** Proposes {@code protocols} in order on one new stream (multistream-select, at most 16). */
    @Override
    public CompletableFuture<PeerStream> newStream(StreamReceiver receiver, String... protocols) {
        if (receiver == null) {
            throw new IllegalArgumentException("newStream needs a receiver");
        }
        if (protocols == null || protocols.length == 0) {
            throw new IllegalArgumentException("newStream needs at least one protocol id");
        }
        List<String> proposed = List.copyOf(Arrays.asList(protocols));
        ApiStream[] made = new ApiStream[1];
        CompletableFuture<Libp2pStream> opened;
        try {
            opened = connection.newStream(proposed, s -> {
                made[0] = new ApiStream(s, this, () -> { });
                return new ApiStreamListener(made[0], receiver);
            });
        } catch (RuntimeException e) { // a malformed protocol id
            throw new IllegalArgumentException("cannot propose " + proposed + ": " + e.getMessage(), e);
        }
        return opened.handle((s, e) -> {
            if (e != null) {
                boolean refused = TransportErrors.unwrap(e) instanceof ProtocolViolationException;
                throw new CompletionException(TransportErrors.of(refused ? remotePeer() + " speaks none of "
                        + proposed : "stream " + proposed + " to " + remotePeer(), e));
            }
            return (PeerStream) made[0];
        });
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return (connection.isDialer() ? "connection to " : "connection from ") + remotePeer() + " at " + remoteAddress;
    }
}
