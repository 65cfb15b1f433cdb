package org.olocus.discovery.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.multistream.MultistreamSelect;
import org.olocus.discovery.transport.internal.noise.LibP2pNoiseSession;
import org.olocus.discovery.transport.internal.noise.NoiseIdentity;
import org.olocus.discovery.transport.internal.noise.NoiseTransport;
import org.olocus.discovery.transport.internal.yamux.YamuxFrame;
import org.olocus.discovery.transport.internal.yamux.YamuxHandler;
import org.olocus.discovery.transport.internal.yamux.YamuxSession;

/**
 * The engines chained as a libp2p connection upgrade over an in-memory byte pipe: multistream-select picks
 * {@code /noise}, the Noise handshake proves both identities, multistream-select inside the encrypted channel
 * picks {@code /yamux/1.0.0}, then a Yamux stream carries data. The libp2p host will drive the same sequence.
 */
class ConnectionUpgradeInMemoryTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void dialerAndListenerUpgradeAndExchangeData() {
        Ed25519TestPeer alice = new Ed25519TestPeer();
        Ed25519TestPeer bob = new Ed25519TestPeer();

        // 1. Security negotiation in the clear.
        MultistreamSelect dialSecurity = MultistreamSelect.dialer(List.of(LibP2pNoiseSession.PROTOCOL_ID));
        MultistreamSelect listenSecurity = MultistreamSelect.listener(Set.of(LibP2pNoiseSession.PROTOCOL_ID));
        byte[] toDialer = listenSecurity.receive(ByteBuffer.wrap(dialSecurity.start())).toSend();
        dialSecurity.receive(ByteBuffer.wrap(toDialer));
        assertEquals(LibP2pNoiseSession.PROTOCOL_ID, dialSecurity.selected());

        // 2. Noise handshake; neither side offers muxers in-handshake, so the muxer is negotiated next.
        LibP2pNoiseSession dialNoise = LibP2pNoiseSession.initiator(new NoiseIdentity(alice, List.of(), RANDOM), bob.peerId(), RANDOM);
        LibP2pNoiseSession listenNoise = LibP2pNoiseSession.responder(new NoiseIdentity(bob, List.of(), RANDOM), RANDOM);
        byte[] second = listenNoise.receive(ByteBuffer.wrap(dialNoise.start()));
        byte[] third = dialNoise.receive(ByteBuffer.wrap(second));
        listenNoise.receive(ByteBuffer.wrap(third));
        NoiseTransport dialWire = dialNoise.result().transport();
        NoiseTransport listenWire = listenNoise.result().transport();
        assertEquals(bob.peerId(), dialNoise.result().remotePeer());
        assertEquals(alice.peerId(), listenNoise.result().remotePeer());

        // 3. Muxer negotiation inside the encrypted channel.
        MultistreamSelect dialMux = MultistreamSelect.dialer(List.of(YamuxSession.PROTOCOL_ID));
        MultistreamSelect listenMux = MultistreamSelect.listener(Set.of(YamuxSession.PROTOCOL_ID));
        byte[] muxAnswer = listenWire.seal(listenMux.receive(
                ByteBuffer.wrap(openAll(listenWire, dialWire.seal(dialMux.start())))).toSend());
        dialMux.receive(ByteBuffer.wrap(openAll(dialWire, muxAnswer)));
        assertEquals(YamuxSession.PROTOCOL_ID, dialMux.selected());
        assertEquals(YamuxSession.PROTOCOL_ID, listenMux.selected());

        // 4. Yamux over Noise: one stream, a request and a reply.
        List<YamuxFrame> dialOut = new ArrayList<>();
        List<YamuxFrame> listenOut = new ArrayList<>();
        ByteArrayOutputStream heardByListener = new ByteArrayOutputStream();
        ByteArrayOutputStream heardByDialer = new ByteArrayOutputStream();
        YamuxSession[] listenMuxer = new YamuxSession[1];
        YamuxSession dialMuxer = new YamuxSession(true, YamuxSession.Config.defaults(), dialOut::add,
                new Collecting(heardByDialer, null));
        listenMuxer[0] = new YamuxSession(false, YamuxSession.Config.defaults(), listenOut::add,
                new Collecting(heardByListener, listenMuxer));
        int stream = dialMuxer.openStream();
        dialMuxer.write(stream, "ping?".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int round = 0; round < 3; round++) {
            listenMuxer[0].receive(ByteBuffer.wrap(openAll(listenWire, dialWire.seal(drain(dialOut)))));
            dialMuxer.receive(ByteBuffer.wrap(openAll(dialWire, listenWire.seal(drain(listenOut)))));
        }
        assertArrayEquals("ping?".getBytes(java.nio.charset.StandardCharsets.UTF_8), heardByListener.toByteArray());
        assertArrayEquals("pong!".getBytes(java.nio.charset.StandardCharsets.UTF_8), heardByDialer.toByteArray());
        assertTrue(dialMuxer.streamCount() <= 1);
    }

    /** Collects data; when it owns a session it answers the first data with "pong!". */
    private record Collecting(ByteArrayOutputStream sink, YamuxSession[] replier) implements YamuxHandler {
        @Override
        public void onInboundStream(int streamId) {
        }

        @Override
        public void onData(int streamId, byte[] data) {
            sink.writeBytes(data);
            if (replier != null) {
                replier[0].write(streamId, "pong!".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }

        @Override
        public void onRemoteClose(int streamId) {
        }

        @Override
        public void onReset(int streamId) {
        }
    }

    private static byte[] drain(List<YamuxFrame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(f -> out.writeBytes(f.encode()));
        frames.clear();
        return out.toByteArray();
    }

    private static byte[] openAll(NoiseTransport receiver, byte[] wire) {
        ByteBuffer in = ByteBuffer.wrap(wire);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        byte[] part;
        while ((part = receiver.open(in)) != null) {
            plain.writeBytes(part);
        }
        return plain.toByteArray();
    }
}
