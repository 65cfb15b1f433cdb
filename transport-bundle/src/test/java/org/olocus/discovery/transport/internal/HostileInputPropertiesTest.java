package org.olocus.discovery.transport.internal;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import org.olocus.discovery.transport.internal.identify.IdentifyMessage;
import org.olocus.discovery.transport.internal.identify.UvarintFrames;
import org.olocus.discovery.transport.internal.multistream.MultistreamCodec;
import org.olocus.discovery.transport.internal.multistream.MultistreamSelect;
import org.olocus.discovery.transport.internal.noise.LibP2pNoiseSession;
import org.olocus.discovery.transport.internal.noise.NoiseHandshakePayload;
import org.olocus.discovery.transport.internal.noise.NoiseIdentity;
import org.olocus.discovery.transport.internal.yamux.YamuxHandler;
import org.olocus.discovery.transport.internal.yamux.YamuxSession;

/**
 * Random bytes at every stage end in a {@link ProtocolViolationException} (the connection closes) or in a wait
 * for more bytes — never in any other exception.
 */
class HostileInputPropertiesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519TestPeer PEER = new Ed25519TestPeer();

    private static void onlyViolations(Runnable action) {
        try {
            action.run();
        } catch (ProtocolViolationException expected) {
            // the only acceptable failure
        }
    }

    @Property(tries = 500)
    void multistreamListener(@ForAll @Size(max = 2048) byte[] bytes) {
        onlyViolations(() -> MultistreamSelect.listener(Set.of("/noise")).receive(ByteBuffer.wrap(bytes)));
    }

    @Property(tries = 500)
    void multistreamDialerAfterAValidHeader(@ForAll @Size(max = 2048) byte[] bytes) {
        ByteBuffer in = ByteBuffer.allocate(bytes.length + 32)
                .put(MultistreamCodec.encode(MultistreamSelect.HEADER)).put(bytes).flip();
        MultistreamSelect dialer = MultistreamSelect.dialer(List.of("/noise"));
        dialer.start();
        onlyViolations(() -> dialer.receive(in));
    }

    @Property(tries = 500)
    void handshakePayload(@ForAll @Size(max = 1024) byte[] bytes) {
        onlyViolations(() -> NoiseHandshakePayload.decode(bytes));
    }

    @Property(tries = 500)
    void identifyMessage(@ForAll @Size(max = 1024) byte[] bytes) {
        onlyViolations(() -> IdentifyMessage.decode(bytes));
    }

    @Property(tries = 500)
    void uvarintFrames(@ForAll @Size(max = 64) byte[] bytes) {
        onlyViolations(() -> UvarintFrames.next(ByteBuffer.wrap(bytes), 1024));
    }

    @Property(tries = 200)
    void noiseResponder(@ForAll @Size(max = 512) byte[] bytes) {
        onlyViolations(() -> LibP2pNoiseSession.responder(new NoiseIdentity(PEER, List.of(), RANDOM), RANDOM).receive(ByteBuffer.wrap(bytes)));
    }

    @Property(tries = 200)
    void noiseInitiator(@ForAll @Size(max = 512) byte[] bytes) {
        LibP2pNoiseSession initiator = LibP2pNoiseSession.initiator(new NoiseIdentity(PEER, List.of(), RANDOM), null, RANDOM);
        initiator.start();
        onlyViolations(() -> initiator.receive(ByteBuffer.wrap(bytes)));
    }

    @Property(tries = 500)
    void yamuxSession(@ForAll @Size(max = 2048) byte[] bytes) {
        YamuxSession session = new YamuxSession(false, YamuxSession.Config.defaults(), f -> { },
                new YamuxSessionHandlerStub());
        onlyViolations(() -> session.receive(ByteBuffer.wrap(bytes)));
    }

    /** Ignores every event. */
    private static final class YamuxSessionHandlerStub implements YamuxHandler {
        @Override
        public void onInboundStream(int streamId) {
        }

        @Override
        public void onData(int streamId, byte[] data) {
        }

        @Override
        public void onRemoteClose(int streamId) {
        }

        @Override
        public void onReset(int streamId) {
        }
    }
}
