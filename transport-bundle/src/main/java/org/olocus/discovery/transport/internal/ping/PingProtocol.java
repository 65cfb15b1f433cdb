package org.olocus.discovery.transport.internal.ping;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.connection.Libp2pConnection;
import org.olocus.discovery.transport.internal.connection.Libp2pStream;
import org.olocus.discovery.transport.internal.connection.StreamListener;

/**
 * libp2p ping {@code /ipfs/ping/1.0.0}: the dialer sends 32 random bytes, the listener echoes them; the
 * round-trip time is the ping's result.
 */
public final class PingProtocol {
    public static final String ID = "/ipfs/ping/1.0.0";
    static final int SIZE = 32;

    private PingProtocol() {
    }

    /**
     * The listener side: echoes everything until the remote closes. Received bytes count as consumed only once
     * their echo left our send queue, so a remote that sends without reading holds at most one window here.
     */
    public static StreamListener serve(Libp2pStream stream) {
        stream.holdWindow();
        return new StreamListener() {
            @Override
            public void onData(Libp2pStream s, byte[] data) {
                s.write(data).whenComplete((v, e) -> {
                    if (e != null) {
                        s.reset();
                    } else {
                        s.consumed(data.length);
                    }
                });
            }

            @Override
            public void onRemoteClose(Libp2pStream s) {
                s.closeWrite();
            }

            @Override
            public void onReset(Libp2pStream s) {
            }
        };
    }

    /** Pings once over {@code connection}. */
    public static CompletableFuture<Duration> ping(Libp2pConnection connection, SecureRandom random) {
        byte[] payload = new byte[SIZE];
        random.nextBytes(payload);
        CompletableFuture<Duration> rtt = new CompletableFuture<>();
        long[] sentAt = new long[1];
        connection.newStream(ID, stream -> new Echo(payload, sentAt, rtt)).whenComplete((stream, e) -> {
            if (e != null) {
                rtt.completeExceptionally(e);
                return;
            }
            sentAt[0] = System.nanoTime();
            stream.write(payload);
        });
        return rtt;
    }

    /** Collects the echo and checks it. */
    private static final class Echo implements StreamListener {
        private final byte[] payload;
        private final long[] sentAt;
        private final CompletableFuture<Duration> rtt;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream(SIZE);

        Echo(byte[] payload, long[] sentAt, CompletableFuture<Duration> rtt) {
            this.payload = payload;
            this.sentAt = sentAt;
            this.rtt = rtt;
        }

        @Override
        public void onData(Libp2pStream stream, byte[] data) {
            received.writeBytes(data);
            if (received.size() < SIZE) {
                return;
            }
            long elapsed = System.nanoTime() - sentAt[0];
            if (received.size() == SIZE && Arrays.equals(received.toByteArray(), payload)) {
                rtt.complete(Duration.ofNanos(elapsed));
                stream.closeWrite();
            } else {
                rtt.completeExceptionally(new ProtocolViolationException("ping echo does not match what we sent"));
                stream.reset();
            }
        }

        @Override
        public void onRemoteClose(Libp2pStream stream) {
            rtt.completeExceptionally(new ProtocolViolationException("the remote closed the ping stream before "
                    + "echoing " + SIZE + " bytes"));
        }

        @Override
        public void onReset(Libp2pStream stream) {
            rtt.completeExceptionally(new IllegalStateException("ping stream reset"));
        }
    }
}
