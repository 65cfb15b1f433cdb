package org.olocus.discovery.transport.internal.identify;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.ByteAccumulator;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.connection.Libp2pConnection;
import org.olocus.discovery.transport.internal.connection.Libp2pHost;
import org.olocus.discovery.transport.internal.connection.Libp2pStream;
import org.olocus.discovery.transport.internal.connection.StreamListener;

/**
 * libp2p identify {@code /ipfs/id/1.0.0}: the listener writes one length-prefixed {@link IdentifyMessage} about
 * itself and closes; the dialer reads it. A message whose key is not the connection's proven peer is refused.
 * Our message carries the host's advertised addresses and our signed peer record ({@link PeerRecordIssuer}, one
 * per host, re-signed only when those addresses change).
 */
public final class IdentifyProtocol {
    public static final String ID = "/ipfs/id/1.0.0";
    static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /** The length prefix of a message of at most {@link IdentifyMessage#MAX_SIZE} bytes. */
    static final int MAX_PREFIX = 2;

    private IdentifyProtocol() {
    }

    /** What we tell {@code connection}'s remote about ourselves, with our signed peer record. */
    static IdentifyMessage ourMessage(Libp2pHost host, Libp2pConnection connection) {
        List<String> protocols = new ArrayList<>(host.protocols());
        protocols.sort(null);
        List<Multiaddr> addresses = host.advertisedAddresses();
        return new IdentifyMessage(PROTOCOL_VERSION, host.config().agentVersion(), host.local().publicKey(),
                addresses, connection.remoteAddress(), protocols, host.recordIssuer().envelopeFor(addresses), 0);
    }

    /**
     * {@code message} when its key (if it carries one) is {@code connection}'s proven peer's.
     *
     * @throws ProtocolViolationException when it is another peer's key
     */
    static IdentifyMessage requireConnectionKey(IdentifyMessage message, Libp2pConnection connection) {
        if (message.publicKey() != null && !message.publicKey().toPeerId().equals(connection.remotePeer())) {
            throw new ProtocolViolationException("identify from " + connection.remotePeer()
                    + " carries the key of " + message.publicKey().toPeerId());
        }
        return message;
    }

    /** The listener side: answers at once, then closes its half. */
    public static StreamListener serve(Libp2pHost host, Libp2pStream stream) {
        stream.write(UvarintFrames.frame(ourMessage(host, stream.connection()).encode()));
        stream.closeWrite();
        return new StreamListener() {
            @Override
            public void onData(Libp2pStream s, byte[] data) {
                // The dialer has nothing to say on this protocol; Yamux windows bound what it can send.
            }

            @Override
            public void onRemoteClose(Libp2pStream s) {
            }

            @Override
            public void onReset(Libp2pStream s) {
            }
        };
    }

    /** Asks {@code connection}'s remote who it is. */
    public static CompletableFuture<IdentifyMessage> request(Libp2pConnection connection) {
        CompletableFuture<IdentifyMessage> answer = new CompletableFuture<>();
        connection.newStream(ID, stream -> new Reader(connection, answer)).whenComplete((stream, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /** Reads one bounded message. */
    private static final class Reader implements StreamListener {
        private final Libp2pConnection connection;
        private final CompletableFuture<IdentifyMessage> answer;
        private final ByteAccumulator bytes = new ByteAccumulator("identify message",
                IdentifyMessage.MAX_SIZE + MAX_PREFIX);

        Reader(Libp2pConnection connection, CompletableFuture<IdentifyMessage> answer) {
            this.connection = connection;
            this.answer = answer;
        }

        @Override
        public void onData(Libp2pStream stream, byte[] data) {
            if (answer.isDone()) {
                return;
            }
            try {
                bytes.append(data);
                ByteBuffer view = bytes.view();
                byte[] encoded = UvarintFrames.next(view, IdentifyMessage.MAX_SIZE);
                bytes.consumedTo(view);
                if (encoded != null) {
                    answer.complete(requireConnectionKey(IdentifyMessage.decode(encoded), connection));
                    stream.closeWrite();
                }
            } catch (ProtocolViolationException e) {
                answer.completeExceptionally(e);
                throw e; // resets the stream
            }
        }

        @Override
        public void onRemoteClose(Libp2pStream stream) {
            if (!answer.isDone()) {
                answer.completeExceptionally(new ProtocolViolationException("identify stream closed after "
                        + bytes.size() + " bytes, before a complete message"));
            }
            stream.closeWrite();
        }

        @Override
        public void onReset(Libp2pStream stream) {
            answer.completeExceptionally(new IllegalStateException("identify stream reset"));
        }
    }
}
