package org.olocus.discovery.transport.internal.connection;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;

import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.ByteAccumulator;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.multistream.MultistreamSelect;
import org.olocus.discovery.transport.internal.noise.LibP2pNoiseSession;
import org.olocus.discovery.transport.internal.noise.NoiseIdentity;
import org.olocus.discovery.transport.internal.noise.NoiseTransport;
import org.olocus.discovery.transport.internal.yamux.YamuxSession;

/**
 * A blocking test client that walks a host through the connection upgrade with the bare engines, stage by stage,
 * so a test can misbehave at any stage. Loopback only.
 */
final class RawDialer implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private ByteBuffer buffer = ByteBuffer.allocate(512 * 1024).flip();
    private NoiseTransport transport;

    RawDialer(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Multistream-select {@code /noise} in the clear. */
    void negotiateSecurity() throws IOException {
        MultistreamSelect security = MultistreamSelect.dialer(List.of(LibP2pNoiseSession.PROTOCOL_ID));
        send(security.start());
        while (security.outcome() == MultistreamSelect.Outcome.PENDING) {
            fill();
            send(security.receive(buffer).toSend());
        }
    }

    /** The Noise handshake as {@code local}, expecting {@code remote}. */
    void handshake(Ed25519TestPeer local, PeerId remote) throws IOException {
        LibP2pNoiseSession noise = LibP2pNoiseSession.initiator(new NoiseIdentity(local, List.of(), RANDOM), remote,
                RANDOM);
        send(noise.start());
        while (!noise.isComplete()) {
            fill();
            send(noise.receive(buffer));
        }
        transport = noise.result().transport();
    }

    /** Multistream-select {@code /yamux/1.0.0} inside Noise. */
    void negotiateMuxer() throws IOException {
        MultistreamSelect muxer = MultistreamSelect.dialer(List.of(YamuxSession.PROTOCOL_ID));
        send(transport.seal(muxer.start()));
        ByteAccumulator plain = new ByteAccumulator("test", 64 * 1024);
        while (muxer.outcome() == MultistreamSelect.Outcome.PENDING) {
            fill();
            byte[] part;
            while ((part = transport.open(buffer)) != null) {
                plain.append(part);
            }
            ByteBuffer view = plain.view();
            muxer.receive(view);
            plain.consumedTo(view);
        }
    }

    /** Encrypts and sends {@code plaintext} (after the handshake). */
    void sendEncrypted(byte[] plaintext) throws IOException {
        send(transport.seal(plaintext));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads until the host closes the connection; false if it stayed open for 5 s. */
    boolean closedByHost() throws IOException {
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) >= 0) {
                // whatever the host said last (e.g. a GO_AWAY)
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    private void fill() throws IOException {
        buffer.compact();
        int n = in.read(buffer.array(), buffer.position(), buffer.remaining());
        if (n < 0) {
            throw new EOFException("the host closed the connection");
        }
        buffer.position(buffer.position() + n);
        buffer.flip();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
