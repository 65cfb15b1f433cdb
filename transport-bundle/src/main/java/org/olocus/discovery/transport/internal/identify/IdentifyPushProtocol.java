package org.olocus.discovery.transport.internal.identify;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.ByteAccumulator;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.connection.Libp2pConnection;
import org.olocus.discovery.transport.internal.connection.Libp2pHost;
import org.olocus.discovery.transport.internal.connection.Libp2pStream;
import org.olocus.discovery.transport.internal.connection.StreamListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libp2p identify push {@code /ipfs/id/push/1.0.0}: a peer whose information changed opens a stream, writes an
 * {@link IdentifyMessage} (possibly partial: absent fields keep their value, see
 * {@link IdentifyMessage#updatedBy}) and closes it.
 *
 * <p>Serving reads until the remote closes: at most {@value #MAX_MESSAGES} length-prefixed messages of at most
 * {@link IdentifyMessage#MAX_SIZE} bytes (a large update may be split, as js-libp2p and go-libp2p read it), merged
 * into one (lists joined, later scalars win), then delivered to the callback. A message whose key is not the
 * connection's proven peer resets the stream and nothing is delivered.
 */
public final class IdentifyPushProtocol {
    public static final String ID = "/ipfs/id/push/1.0.0";
    /** Most messages read from one push stream (go-libp2p's and js-libp2p's limit). */
    static final int MAX_MESSAGES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(IdentifyPushProtocol.class);

    private IdentifyPushProtocol() {
    }

    /**
     * Serves a push stream the remote opened: {@code onPush} receives the stream's connection and the merged
     * update on the event loop (it must not block) once the remote closed its side.
     */
    public static StreamListener serve(Libp2pStream stream, BiConsumer<Libp2pConnection, IdentifyMessage> onPush) {
        return new Receiver(stream.connection(), onPush);
    }

    /** Pushes {@code message} over a new stream of {@code connection}: completes once written and closed. */
    static CompletableFuture<Void> push(Libp2pConnection connection, IdentifyMessage message) {
        byte[] frame = UvarintFrames.frame(message.encode());
        return connection.newStream(ID, stream -> new Sender()).thenCompose(stream -> stream.write(frame)
                .whenComplete((v, e) -> {
                    if (e == null) {
                        stream.closeWrite();
                    } else {
                        stream.reset();
                    }
                }));
    }

    /**
     * Pushes our current identify message ({@link IdentifyProtocol#ourMessage}) to every open connection whose
     * remote said in identify (or a later push) that it serves {@value #ID}; completes with the number of pushes that went out
     * (a failed push is logged, not fatal).
     */
    public static CompletableFuture<Long> pushToAll(Libp2pHost host) {
        AtomicLong pushed = new AtomicLong();
        List<CompletableFuture<Void>> pushes = new ArrayList<>();
        for (Libp2pConnection connection : host.connections()) {
            IdentifyMessage known = connection.latestIdentify(); // its answer, as updated by its own pushes
            if (known == null || !connection.isOpen() || !known.protocols().contains(ID)) {
                continue;
            }
            pushes.add(push(connection, IdentifyProtocol.ourMessage(host, connection))
                    .handle((v, e) -> {
                        if (e == null) {
                            pushed.incrementAndGet();
                        } else {
                            LOG.debug("identify push to {} failed: {}", connection, e.toString());
                        }
                        return null;
                    }));
        }
        return CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new)).thenApply(v -> pushed.get());
    }

    /** Joins the parts of a split update: lists concatenated (duplicates dropped), later scalars win. */
    static IdentifyMessage merge(List<IdentifyMessage> parts) {
        IdentifyMessage merged = parts.get(0);
        for (IdentifyMessage part : parts.subList(1, parts.size())) {
            Set<Multiaddr> addrs = new LinkedHashSet<>(merged.listenAddrs());
            addrs.addAll(part.listenAddrs());
            Set<String> protocols = new LinkedHashSet<>(merged.protocols());
            protocols.addAll(part.protocols());
            IdentifyMessage scalars = merged.updatedBy(part);
            merged = new IdentifyMessage(scalars.protocolVersion(), scalars.agentVersion(), scalars.publicKey(),
                    List.copyOf(addrs), scalars.observedAddr(), List.copyOf(protocols), scalars.signedPeerRecord(),
                    merged.skippedAddrs() + part.skippedAddrs());
        }
        return merged;
    }

    /** Reads the pushed messages; delivers them when the remote closes. */
    private static final class Receiver implements StreamListener {
        private final Libp2pConnection connection;
        private final BiConsumer<Libp2pConnection, IdentifyMessage> onPush;
        private final ByteAccumulator bytes = new ByteAccumulator("identify push message",
                IdentifyMessage.MAX_SIZE + IdentifyProtocol.MAX_PREFIX);
        private final List<IdentifyMessage> messages = new ArrayList<>();

        Receiver(Libp2pConnection connection, BiConsumer<Libp2pConnection, IdentifyMessage> onPush) {
            this.connection = connection;
            this.onPush = onPush;
        }

        @Override
        public void onData(Libp2pStream stream, byte[] data) {
            bytes.append(data);
            ByteBuffer view = bytes.view();
            byte[] encoded;
            while ((encoded = UvarintFrames.next(view, IdentifyMessage.MAX_SIZE)) != null) {
                if (messages.size() == MAX_MESSAGES) {
                    throw new ProtocolViolationException("identify push of more than " + MAX_MESSAGES
                            + " messages");
                }
                messages.add(IdentifyProtocol.requireConnectionKey(IdentifyMessage.decode(encoded), connection));
            }
            bytes.consumedTo(view);
        }

        @Override
        public void onRemoteClose(Libp2pStream stream) {
            if (bytes.size() > 0) {
                throw new ProtocolViolationException("identify push stream closed inside a message ("
                        + bytes.size() + " bytes left)");
            }
            stream.closeWrite();
            if (!messages.isEmpty()) {
                onPush.accept(connection, merge(messages));
            }
        }

        @Override
        public void onReset(Libp2pStream stream) {
            messages.clear();
        }
    }

    /** The pushing side expects nothing back; Yamux windows bound what the remote could send. */
    private static final class Sender implements StreamListener {
        @Override
        public void onData(Libp2pStream stream, byte[] data) {
        }

        @Override
        public void onRemoteClose(Libp2pStream stream) {
        }

        @Override
        public void onReset(Libp2pStream stream) {
        }
    }
}
