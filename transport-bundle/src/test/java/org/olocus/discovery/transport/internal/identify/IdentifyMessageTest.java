package org.olocus.discovery.transport.internal.identify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.olocus.discovery.transport.internal.TestProtobuf.proto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;


import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.ProtocolViolationException;

class IdentifyMessageTest {
    private final Ed25519TestPeer peer = new Ed25519TestPeer();
    private final Multiaddr listen = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    private final Multiaddr observed = Multiaddr.parse("/ip4/127.0.0.1/tcp/53124");

    @Test
    void roundTripsThroughTheLengthPrefix() {
        IdentifyMessage message = new IdentifyMessage("ipfs/0.1.0", "olocus/0.1.0", peer.publicKey(),
                List.of(listen), observed, List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"), new byte[] {1, 2}, 0);
        ByteBuffer wire = ByteBuffer.wrap(UvarintFrames.frame(message.encode()));
        IdentifyMessage decoded = IdentifyMessage.decode(UvarintFrames.next(wire, IdentifyMessage.MAX_SIZE));
        assertEquals("ipfs/0.1.0", decoded.protocolVersion());
        assertEquals("olocus/0.1.0", decoded.agentVersion());
        assertEquals(peer.publicKey(), decoded.publicKey());
        assertEquals(List.of(listen), decoded.listenAddrs());
        assertEquals(observed, decoded.observedAddr());
        assertEquals(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"), decoded.protocols());
        assertArrayEquals(new byte[] {1, 2}, decoded.signedPeerRecord());
    }

    @Test
    void aPushUpdatesOnlyWhatItCarries() {
        byte[] record = {1, 2, 3};
        IdentifyMessage first = new IdentifyMessage("ipfs/0.1.0", "agent/1", peer.publicKey(), List.of(listen),
                observed, List.of("/a"), record, 0);
        IdentifyMessage same = first.updatedBy(new IdentifyMessage(null, null, null, List.of(), null, List.of(),
                null, 0));
        assertEquals(first.listenAddrs(), same.listenAddrs());
        assertEquals(first.protocols(), same.protocols());
        assertEquals("agent/1", same.agentVersion());
        assertArrayEquals(record, same.signedPeerRecord());

        Multiaddr other = Multiaddr.parse("/ip4/127.0.0.1/tcp/5001");
        IdentifyMessage updated = first.updatedBy(new IdentifyMessage(null, "agent/2", null, List.of(other), null,
                List.of("/b"), new byte[] {9}, 1));
        assertEquals(List.of(other), updated.listenAddrs());
        assertEquals(1, updated.skippedAddrs());
        assertEquals(List.of("/b"), updated.protocols());
        assertEquals("agent/2", updated.agentVersion());
        assertEquals("ipfs/0.1.0", updated.protocolVersion());
        assertEquals(peer.publicKey(), updated.publicKey());
        assertEquals(observed, updated.observedAddr());
        assertArrayEquals(new byte[] {9}, updated.signedPeerRecord());
    }

    @Test
    void emptyMessageIsValid() {
        IdentifyMessage decoded = IdentifyMessage.decode(new byte[0]);
        assertNull(decoded.publicKey());
        assertEquals(List.of(), decoded.protocols());
    }

    @Test
    void unreadableAddressIsSkippedAndCounted() throws IOException {
        byte[] encoded = proto(out -> {
            out.writeByteArray(2, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x7F}); // unknown protocol code
            out.writeByteArray(2, listen.toBytes());
            out.writeString(3, "/ipfs/kad/1.0.0");
            out.writeUInt32(42, 7);
        });
        IdentifyMessage decoded = IdentifyMessage.decode(encoded);
        assertEquals(List.of(listen), decoded.listenAddrs());
        assertEquals(1, decoded.skippedAddrs());
        assertEquals(List.of("/ipfs/kad/1.0.0"), decoded.protocols());
    }

    @Test
    void malformedInputIsRejected() throws IOException {
        assertThrows(ProtocolViolationException.class,
                () -> IdentifyMessage.decode(new byte[IdentifyMessage.MAX_SIZE + 1]));
        byte[] good = new IdentifyMessage(null, "agent", peer.publicKey(), List.of(listen), null,
                List.of("/a"), null, 0).encode();
        int rejected = 0;
        for (int cut = 1; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            try {
                IdentifyMessage.decode(truncated);
            } catch (ProtocolViolationException expected) {
                rejected++; // a cut inside a field; a cut between fields is a shorter valid message
            }
        }
        assertTrue(rejected > good.length / 2, "most cuts fall inside a field: " + rejected);
        byte[] badKey = proto(out -> out.writeByteArray(1, new byte[] {0x08, 0x01}));
        assertThrows(ProtocolViolationException.class, () -> IdentifyMessage.decode(badKey));
        byte[] badUtf8 = proto(out -> out.writeByteArray(3, new byte[] {(byte) 0xC3, 0x28}));
        assertThrows(ProtocolViolationException.class, () -> IdentifyMessage.decode(badUtf8));
        byte[] tooMany = proto(out -> {
            for (int i = 0; i <= IdentifyMessage.MAX_LIST; i++) {
                out.writeString(3, "/p" + i);
            }
        });
        assertThrows(ProtocolViolationException.class, () -> IdentifyMessage.decode(tooMany));
    }

    @Test
    void lengthPrefixIsBounded() {
        assertNull(UvarintFrames.next(ByteBuffer.wrap(new byte[] {(byte) 0x80}), 100));
        ByteBuffer partial = ByteBuffer.wrap(new byte[] {5, 1, 2});
        assertNull(UvarintFrames.next(partial, 100));
        assertEquals(0, partial.position());
        assertThrows(ProtocolViolationException.class,
                () -> UvarintFrames.next(ByteBuffer.wrap(new byte[] {(byte) 0xE5, 0x01}), 100));
        assertThrows(ProtocolViolationException.class, () -> UvarintFrames.next(ByteBuffer.wrap(
                new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0}), Integer.MAX_VALUE));
        byte[] big = new byte[300];
        assertArrayEquals(big, UvarintFrames.next(ByteBuffer.wrap(UvarintFrames.frame(big)), 300));
    }
}
