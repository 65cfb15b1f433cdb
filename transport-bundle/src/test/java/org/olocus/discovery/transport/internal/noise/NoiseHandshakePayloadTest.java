package org.olocus.discovery.transport.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.olocus.discovery.transport.internal.TestProtobuf.proto;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;


import org.junit.jupiter.api.Test;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.ProtocolViolationException;

class NoiseHandshakePayloadTest {
    private final Ed25519TestPeer peer = new Ed25519TestPeer();

    @Test
    void roundTripsWithExtensions() {
        NoiseHandshakePayload payload = new NoiseHandshakePayload(peer.publicKey(), new byte[] {1, 2, 3},
                List.of(new byte[] {9, 9}), List.of("/yamux/1.0.0"));
        NoiseHandshakePayload decoded = NoiseHandshakePayload.decode(payload.encode());
        assertEquals(peer.publicKey(), decoded.identityKey());
        assertArrayEquals(new byte[] {1, 2, 3}, decoded.identitySignature());
        assertEquals(List.of("/yamux/1.0.0"), decoded.streamMuxers());
        assertArrayEquals(new byte[] {9, 9}, decoded.webtransportCerthashes().get(0));
    }

    @Test
    void noExtensionsWhenListsAreEmpty() throws IOException {
        NoiseHandshakePayload payload = new NoiseHandshakePayload(peer.publicKey(), new byte[] {1}, List.of(),
                List.of());
        byte[] expected = proto(out -> {
            out.writeByteArray(1, peer.publicKey().toProtobuf());
            out.writeByteArray(2, new byte[] {1});
        });
        assertArrayEquals(expected, payload.encode());
    }

    @Test
    void unknownFieldsAreSkipped() throws IOException {
        byte[] encoded = proto(out -> {
            out.writeUInt64(7, 12345);
            out.writeByteArray(1, peer.publicKey().toProtobuf());
            out.writeByteArray(3, new byte[] {5, 5}); // the retired "data" field
            out.writeByteArray(2, new byte[] {1});
            out.writeFixed32(9, 1);
            out.writeByteArray(4, proto(ext -> {
                ext.writeString(2, "/yamux/1.0.0");
                ext.writeUInt32(15, 3);
            }));
        });
        NoiseHandshakePayload decoded = NoiseHandshakePayload.decode(encoded);
        assertEquals(peer.publicKey(), decoded.identityKey());
        assertEquals(List.of("/yamux/1.0.0"), decoded.streamMuxers());
    }

    @Test
    void missingIdentityIsRejected() throws IOException {
        byte[] noKey = proto(out -> out.writeByteArray(2, new byte[] {1}));
        assertTrue(assertThrows(ProtocolViolationException.class, () -> NoiseHandshakePayload.decode(noKey))
                .getMessage().contains("identity_key"));
        byte[] noSig = proto(out -> out.writeByteArray(1, peer.publicKey().toProtobuf()));
        assertTrue(assertThrows(ProtocolViolationException.class, () -> NoiseHandshakePayload.decode(noSig))
                .getMessage().contains("identity_sig"));
        assertThrows(ProtocolViolationException.class, () -> NoiseHandshakePayload.decode(new byte[0]));
    }

    @Test
    void badIdentityKeyIsRejected() throws IOException {
        byte[] encoded = proto(out -> {
            out.writeByteArray(1, new byte[] {0x08, 0x01, 0x12, 0x03, 1, 2, 3}); // Ed25519 with 3 bytes
            out.writeByteArray(2, new byte[] {1});
        });
        assertThrows(ProtocolViolationException.class, () -> NoiseHandshakePayload.decode(encoded));
    }

    @Test
    void oversizedPayloadIsRejected() {
        assertThrows(ProtocolViolationException.class,
                () -> NoiseHandshakePayload.decode(new byte[NoiseHandshakePayload.MAX_SIZE + 1]));
    }

    @Test
    void truncatedAndGarbageInputIsRejected() {
        // Without extensions every cut breaks or drops a required field.
        byte[] good = new NoiseHandshakePayload(peer.publicKey(), new byte[64], List.of(), List.of())
                .encode();
        for (int cut = 1; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(ProtocolViolationException.class, () -> NoiseHandshakePayload.decode(truncated),
                    "cut at " + cut);
        }
        assertThrows(ProtocolViolationException.class,
                () -> NoiseHandshakePayload.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
        assertThrows(ProtocolViolationException.class,
                () -> NoiseHandshakePayload.decode(new byte[] {0x0C})); // end-group tag
    }

    @Test
    void tooManyExtensionEntriesAreRejected() throws IOException {
        byte[] encoded = proto(out -> {
            out.writeByteArray(1, peer.publicKey().toProtobuf());
            out.writeByteArray(2, new byte[] {1});
            out.writeByteArray(4, proto(ext -> {
                for (int i = 0; i <= NoiseHandshakePayload.MAX_LIST; i++) {
                    ext.writeString(2, "/m" + i);
                }
            }));
        });
        assertThrows(ProtocolViolationException.class, () -> NoiseHandshakePayload.decode(encoded));
    }

    @Test
    void invalidUtf8MuxerIsRejected() throws IOException {
        byte[] encoded = proto(out -> {
            out.writeByteArray(1, peer.publicKey().toProtobuf());
            out.writeByteArray(2, new byte[] {1});
            out.writeByteArray(4, proto(ext -> ext.writeByteArray(2, new byte[] {(byte) 0xC3, 0x28})));
        });
        assertThrows(ProtocolViolationException.class, () -> NoiseHandshakePayload.decode(encoded));
    }
}
