package org.olocus.discovery.transport.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.ProtocolViolationException;

class LibP2pNoiseSessionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Ed25519TestPeer alice = new Ed25519TestPeer();
    private final Ed25519TestPeer bob = new Ed25519TestPeer();

    /** Runs both sides to completion, delivering each side's bytes in one piece. */
    private static void run(LibP2pNoiseSession dialer, LibP2pNoiseSession listener) {
        byte[] toListener = dialer.start();
        assertEquals(0, listener.start().length);
        for (int round = 0; round < 4 && !(dialer.isComplete() && listener.isComplete()); round++) {
            byte[] toDialer = listener.receive(ByteBuffer.wrap(toListener));
            toListener = dialer.receive(ByteBuffer.wrap(toDialer));
        }
    }

    @Test
    void bothSidesProveTheirIdentity() {
        LibP2pNoiseSession dialer = LibP2pNoiseSession.initiator(new NoiseIdentity(alice, List.of(), RANDOM), bob.peerId(), RANDOM);
        LibP2pNoiseSession listener = LibP2pNoiseSession.responder(new NoiseIdentity(bob, List.of("/yamux/1.0.0"), RANDOM), RANDOM);
        run(dialer, listener);
        assertTrue(dialer.isComplete() && listener.isComplete());
        assertEquals(bob.peerId(), dialer.result().remotePeer());
        assertEquals(alice.peerId(), listener.result().remotePeer());
        assertEquals(alice.publicKey(), listener.result().remoteKey());
        assertEquals(List.of("/yamux/1.0.0"), dialer.result().remoteMuxers());
        assertEquals(List.of(), listener.result().remoteMuxers());

        byte[] hello = {1, 2, 3, 4};
        assertArrayEquals(hello, listener.result().transport().open(
                ByteBuffer.wrap(dialer.result().transport().seal(hello))));
        assertArrayEquals(hello, dialer.result().transport().open(
                ByteBuffer.wrap(listener.result().transport().seal(hello))));
    }

    @Test
    void acceptsAnyoneWithoutAnExpectedId() {
        LibP2pNoiseSession dialer = LibP2pNoiseSession.initiator(new NoiseIdentity(alice, List.of(), RANDOM), null, RANDOM);
        LibP2pNoiseSession listener = LibP2pNoiseSession.responder(new NoiseIdentity(bob, List.of(), RANDOM), RANDOM);
        run(dialer, listener);
        assertEquals(bob.peerId(), dialer.result().remotePeer());
    }

    @Test
    void wrongExpectedPeerIsRefusedBeforeWeIdentifyOurselves() {
        PeerId someoneElse = new Ed25519TestPeer().peerId();
        LibP2pNoiseSession dialer = LibP2pNoiseSession.initiator(new NoiseIdentity(alice, List.of(), RANDOM), someoneElse, RANDOM);
        LibP2pNoiseSession listener = LibP2pNoiseSession.responder(new NoiseIdentity(bob, List.of(), RANDOM), RANDOM);
        byte[] second = listener.receive(ByteBuffer.wrap(dialer.start()));
        PeerIdMismatchException e = assertThrows(PeerIdMismatchException.class,
                () -> dialer.receive(ByteBuffer.wrap(second)));
        assertEquals(someoneElse, e.expected());
        assertEquals(bob.peerId(), e.actual());
        assertTrue(e.getMessage().contains(bob.peerId().toString()));
        assertFalse(listener.isComplete());
    }

    @Test
    void signatureOverTheWrongKeyIsRefused() {
        LocalPeer liar = claimingBob(message -> {
            byte[] other = message.clone();
            other[other.length - 1] ^= 1; // signs a different static key
            return bob.sign(other);
        });
        LibP2pNoiseSession dialer = LibP2pNoiseSession.initiator(new NoiseIdentity(alice, List.of(), RANDOM), null, RANDOM);
        LibP2pNoiseSession listener = LibP2pNoiseSession.responder(new NoiseIdentity(liar, List.of(), RANDOM), RANDOM);
        byte[] second = listener.receive(ByteBuffer.wrap(dialer.start()));
        assertThrows(ProtocolViolationException.class, () -> dialer.receive(ByteBuffer.wrap(second)));
    }

    @Test
    void identityOfAnotherPeerIsRefused() {
        // Bob's key, signed by Alice: the signature cannot verify.
        LocalPeer impostor = claimingBob(alice::sign);
        LibP2pNoiseSession dialer = LibP2pNoiseSession.initiator(new NoiseIdentity(alice, List.of(), RANDOM), bob.peerId(), RANDOM);
        LibP2pNoiseSession listener = LibP2pNoiseSession.responder(new NoiseIdentity(impostor, List.of(), RANDOM), RANDOM);
        byte[] second = listener.receive(ByteBuffer.wrap(dialer.start()));
        assertThrows(ProtocolViolationException.class, () -> dialer.receive(ByteBuffer.wrap(second)));
    }

    @Test
    void bytesArrivingOneAtATimeAndTrailingTransportFrames() {
        LibP2pNoiseSession dialer = LibP2pNoiseSession.initiator(new NoiseIdentity(alice, List.of(), RANDOM), bob.peerId(), RANDOM);
        LibP2pNoiseSession listener = LibP2pNoiseSession.responder(new NoiseIdentity(bob, List.of(), RANDOM), RANDOM);
        byte[] first = dialer.start();
        ByteBuffer listenerIn = ByteBuffer.allocate(70_000);
        byte[] second = new byte[0];
        for (byte b : first) {
            listenerIn.put(b).flip();
            byte[] out = listener.receive(listenerIn);
            listenerIn.compact();
            second = out.length > 0 ? out : second;
        }
        assertTrue(second.length > 0);
        byte[] third = dialer.receive(ByteBuffer.wrap(second));
        assertTrue(dialer.isComplete());
        byte[] early = dialer.result().transport().seal(new byte[] {42});
        // Message 3 and the first transport frame arrive together: the frame must stay in the buffer.
        ByteBuffer in = ByteBuffer.allocate(third.length + early.length).put(third).put(early).flip();
        assertEquals(0, listener.receive(in).length);
        assertTrue(listener.isComplete());
        assertArrayEquals(new byte[] {42}, listener.result().transport().open(in));
    }

    @Test
    void garbageHandshakeFramesAreRejected() {
        LibP2pNoiseSession listener = LibP2pNoiseSession.responder(new NoiseIdentity(bob, List.of(), RANDOM), RANDOM);
        assertThrows(ProtocolViolationException.class,
                () -> listener.receive(ByteBuffer.wrap(new byte[] {0, 3, 1, 2, 3})));
        LibP2pNoiseSession dialer = LibP2pNoiseSession.initiator(new NoiseIdentity(alice, List.of(), RANDOM), null, RANDOM);
        dialer.start();
        byte[] junk = new byte[200];
        RANDOM.nextBytes(junk);
        junk[0] = 0;
        junk[1] = (byte) 198;
        assertThrows(ProtocolViolationException.class, () -> dialer.receive(ByteBuffer.wrap(junk)));
    }

    @Test
    void resultIsUnavailableUntilComplete() {
        assertThrows(IllegalStateException.class,
                () -> LibP2pNoiseSession.responder(new NoiseIdentity(bob, List.of(), RANDOM), RANDOM).result());
    }

    /** Bob's id and key, with signatures made by {@code signer}. */
    private LocalPeer claimingBob(UnaryOperator<byte[]> signer) {
        return new LocalPeer() {
            @Override
            public PeerId peerId() {
                return bob.peerId();
            }

            @Override
            public PeerPublicKey publicKey() {
                return bob.publicKey();
            }

            @Override
            public byte[] sign(byte[] message) {
                return signer.apply(message);
            }
        };
    }
}
