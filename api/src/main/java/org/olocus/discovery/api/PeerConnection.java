package org.olocus.discovery.api;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/** One upgraded libp2p connection (Yamux over Noise over TCP) to a peer whose id the handshake proved. */
@ProviderType
public interface PeerConnection {
    /** The remote's proven peer id. */
    PeerId remotePeer();

    /** The remote end's transport address, without {@code /p2p}. */
    Multiaddr remoteAddress();

    /** Whether we dialed ({@code OUTBOUND}) or accepted ({@code INBOUND}) it. */
    ConnectionDirection direction();

    /** When the upgrade finished. */
    Instant openedAt();

    /** What the remote said of itself through identify, once it answered (and as updated by identify push). */
    Optional<IdentifyInfo> identify();

    /** Whether the connection is still open. */
    boolean isOpen();

    /** Opens a stream on this connection, proposing {@code protocols} in order (see {@link Host#newStream}). */
    CompletableFuture<PeerStream> newStream(StreamReceiver receiver, String... protocols);

    /** Closes the connection and every stream on it. */
    void close();
}
