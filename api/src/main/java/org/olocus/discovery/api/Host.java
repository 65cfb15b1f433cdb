package org.olocus.discovery.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This node's libp2p host, registered by the transport bundle: secure (Noise), multiplexed (Yamux) connections to
 * any libp2p peer, streams negotiated by protocol id, ping and identify. Inbound streams reach {@link StreamHandler}
 * whiteboard services; connection events reach {@link HostListener} whiteboard services.
 *
 * <p>Every method returns at once; network work completes the returned future (failing with a
 * {@link DiscoveryException} whose kind says why: {@code TIMEOUT}, {@code NETWORK}, …).
 */
@ProviderType
public interface Host {
    /** Our peer id (the Noise handshake proves it to every remote). */
    PeerId peerId();

    /**
     * The addresses others should dial us at, without {@code /p2p}: the configured announce addresses, or else
     * the addresses we are bound to (a wildcard bind listed per interface address).
     */
    List<Multiaddr> listenAddresses();

    /** The protocol ids we serve on inbound streams: ping, identify and every registered {@link StreamHandler}'s. */
    Set<String> protocols();

    /**
     * Connects to {@code address}. When it ends in {@code /p2p/<peer id>}, an open connection to that peer is
     * reused, a concurrent dial to the same peer is joined, and a remote that proves another id is refused. Without
     * {@code /p2p} (an address-only discovery result) whoever answers is accepted and the handshake proves its id
     * ({@link PeerConnection#remotePeer()}). The future fails when the dial or handshake times out, the peer is in
     * dial backoff or the connection limits are reached.
     */
    CompletableFuture<PeerConnection> connect(Multiaddr address);

    /**
     * Connects to {@code peer} at the first of {@code addresses} (tried in order, each without or with a matching
     * {@code /p2p}) that answers; an open connection is reused.
     */
    CompletableFuture<PeerConnection> connect(PeerId peer, List<Multiaddr> addresses);

    /**
     * Opens a stream to a connected {@code peer}, proposing {@code protocols} in order; completes with the stream
     * once the remote agreed on one of them. Fails when we hold no connection to {@code peer} or it speaks none.
     */
    CompletableFuture<PeerStream> newStream(PeerId peer, StreamReceiver receiver, String... protocols);

    /** The open connections (a snapshot). */
    List<PeerConnection> connections();

    /** An open connection to {@code peer}, if any. */
    Optional<PeerConnection> connection(PeerId peer);

    /** Pings a connected {@code peer} ({@code /ipfs/ping/1.0.0}) and returns the round-trip time. */
    CompletableFuture<Duration> ping(PeerId peer);

    /** Closes every connection to {@code peer}; completes once they are closed (at once if there were none). */
    CompletableFuture<Void> disconnect(PeerId peer);
}
