package org.olocus.discovery.transport.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.crypto.X25519;

class NoiseHandshakeTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    /*
     * The Noise_XX_25519_ChaChaPoly_SHA256 vector of the "cacophony" test suite (as published in
     * mcginty/snow tests/vectors/cacophony.txt): fixed keys, a non-empty prologue, three handshake messages and
     * three transport messages.
     */
    private static final String PROLOGUE = "4a6f686e2047616c74";
    private static final String INIT_STATIC = "e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1";
    private static final String INIT_EPHEMERAL = "893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a";
    private static final String RESP_STATIC = "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893";
    private static final String RESP_EPHEMERAL = "bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b";
    private static final String HANDSHAKE_HASH = "c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e";
    private static final String[][] MESSAGES = {
        {"4c756477696720766f6e204d69736573",
            "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573"},
        {"4d757272617920526f746862617264",
            "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e08d6b6"
                + "8aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f8814c7194e8"
                + "3f23dbd8d162c9326ad"},
        {"462e20412e20486179656b",
            "c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58c9fe"
                + "a0d4ec82a286427402f113e4b6ae769a1d95941d49b25030"},
        {"4361726c204d656e676572", "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"},
        {"4a65616e2d426170746973746520536179",
            "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5"},
        {"457567656e2042f6686d20766f6e2042617765726b",
            "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f"},
    };

    private static NoiseHandshake vectorSide(boolean initiator) {
        X25519.KeyPair s = X25519.fromPrivate(HEX.parseHex(initiator ? INIT_STATIC : RESP_STATIC));
        X25519.KeyPair e = X25519.fromPrivate(HEX.parseHex(initiator ? INIT_EPHEMERAL : RESP_EPHEMERAL));
        return new NoiseHandshake(initiator, s, HEX.parseHex(PROLOGUE), e, RANDOM);
    }

    @Test
    void matchesTheCacophonyVector() {
        NoiseHandshake initiator = vectorSide(true);
        NoiseHandshake responder = vectorSide(false);
        for (int i = 0; i < 3; i++) {
            NoiseHandshake writer = i % 2 == 0 ? initiator : responder;
            NoiseHandshake reader = i % 2 == 0 ? responder : initiator;
            byte[] payload = HEX.parseHex(MESSAGES[i][0]);
            byte[] ciphertext = writer.writeMessage(payload);
            assertEquals(MESSAGES[i][1], HEX.formatHex(ciphertext), "handshake message " + i);
            assertArrayEquals(payload, reader.readMessage(ciphertext));
        }
        assertEquals(HANDSHAKE_HASH, HEX.formatHex(initiator.handshakeHash()));
        assertEquals(HANDSHAKE_HASH, HEX.formatHex(responder.handshakeHash()));

        NoiseTransport init = initiator.split();
        NoiseTransport resp = responder.split();
        for (int i = 3; i < MESSAGES.length; i++) {
            // After the handshake the pattern's turn order continues: responder, initiator, responder.
            NoiseTransport writer = i % 2 == 0 ? init : resp;
            NoiseTransport reader = i % 2 == 0 ? resp : init;
            byte[] payload = HEX.parseHex(MESSAGES[i][0]);
            byte[] ciphertext = writer.encrypt(payload);
            assertEquals(MESSAGES[i][1], HEX.formatHex(ciphertext), "transport message " + i);
            assertArrayEquals(payload, reader.decrypt(ciphertext));
        }
    }

    @Test
    void x25519MatchesRfc7748() {
        // RFC 7748 §6.1: Alice's key pair and the shared secret with Bob.
        byte[] alicePrivate = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPublic = HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
                HEX.formatHex(X25519.fromPrivate(alicePrivate).publicKey()));
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
                HEX.formatHex(X25519.dh(alicePrivate, bobPublic)));
    }

    private static NoiseTransport[] handshake(NoiseHandshake initiator, NoiseHandshake responder) {
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage("hello".getBytes(StandardCharsets.UTF_8)));
        responder.readMessage(initiator.writeMessage(new byte[0]));
        return new NoiseTransport[] {initiator.split(), responder.split()};
    }

    private static NoiseHandshake fresh(boolean initiator) {
        return new NoiseHandshake(initiator, X25519.generate(RANDOM), new byte[0], null, RANDOM);
    }

    @Test
    void initiatorAndResponderRoundTrip() {
        NoiseHandshake initiator = fresh(true);
        NoiseHandshake responder = fresh(false);
        NoiseTransport[] t = handshake(initiator, responder);
        assertTrue(initiator.isComplete() && responder.isComplete());
        assertArrayEquals(initiator.handshakeHash(), responder.handshakeHash());
        for (int i = 0; i < 50; i++) {
            byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(message, t[1].decrypt(t[0].encrypt(message)));
            assertArrayEquals(message, t[0].decrypt(t[1].encrypt(message)));
        }
    }

    @Test
    void largePlaintextIsSplitIntoBoundedFrames() {
        NoiseTransport[] t = handshake(fresh(true), fresh(false));
        byte[] big = new byte[200_000];
        RANDOM.nextBytes(big);
        ByteBuffer wire = ByteBuffer.wrap(t[0].seal(big));
        ByteBuffer received = ByteBuffer.allocate(big.length);
        byte[] part;
        while ((part = t[1].open(wire)) != null) {
            assertTrue(part.length <= NoiseTransport.MAX_PLAINTEXT);
            received.put(part);
        }
        assertArrayEquals(big, received.array());
        assertFalse(wire.hasRemaining());
    }

    @Test
    void sealAndOpenAtFrameBoundariesFromArraysAndDirectBuffers() {
        NoiseTransport[] t = handshake(fresh(true), fresh(false));
        int max = NoiseTransport.MAX_PLAINTEXT;
        for (int size : new int[] {0, 1, max - 1, max, max + 1, 2 * max, 2 * max + 7}) {
            byte[] data = new byte[size];
            RANDOM.nextBytes(data);
            byte[] sealed = t[0].seal(data);
            int frames = Math.max(1, (size + max - 1) / max);
            assertEquals(size + frames * (2 + NoiseCipherState.TAG_SIZE), sealed.length, "size " + size);
            // Every other message through a direct buffer (the copying path), the rest decrypted in place, with
            // a byte of the next message behind it and the buffer's array offset not zero.
            ByteBuffer wire;
            if (size % 2 == 0) {
                wire = ByteBuffer.allocateDirect(sealed.length + 1).put(sealed).put((byte) 9).flip();
            } else {
                byte[] padded = new byte[sealed.length + 4];
                System.arraycopy(sealed, 0, padded, 3, sealed.length);
                padded[padded.length - 1] = 9;
                wire = ByteBuffer.wrap(padded, 3, sealed.length + 1).slice();
            }
            ByteBuffer received = ByteBuffer.allocate(size);
            byte[] part;
            int opened = 0;
            while (received.hasRemaining() || opened < frames) {
                part = t[1].open(wire);
                assertTrue(part != null, "size " + size + ": frame " + opened + " missing");
                received.put(part);
                opened++;
            }
            assertArrayEquals(data, received.array(), "size " + size);
            assertEquals(1, wire.remaining(), "the next message's byte stays");
            assertNull(t[1].open(wire));
        }
    }

    @Test
    void partialFrameWaitsForMoreBytes() {
        byte[] framed = NoiseFrames.frame(new byte[10]);
        ByteBuffer in = ByteBuffer.wrap(framed, 0, 5);
        assertNull(NoiseFrames.next(in));
        assertEquals(0, in.position());
        assertNull(NoiseFrames.next(ByteBuffer.wrap(new byte[] {0})));
    }

    @Test
    void tamperedHandshakeMessageFails() {
        NoiseHandshake initiator = fresh(true);
        NoiseHandshake responder = fresh(false);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] second = responder.writeMessage(new byte[0]);
        second[40] ^= 1; // inside the encrypted static key
        assertThrows(ProtocolViolationException.class, () -> initiator.readMessage(second));
        assertThrows(IllegalStateException.class, () -> initiator.writeMessage(new byte[0]));
    }

    @Test
    void truncatedHandshakeMessagesFail() {
        assertThrows(ProtocolViolationException.class, () -> fresh(false).readMessage(new byte[31]));
        NoiseHandshake initiator = fresh(true);
        NoiseHandshake responder = fresh(false);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] second = responder.writeMessage(new byte[0]);
        assertThrows(ProtocolViolationException.class,
                () -> initiator.readMessage(java.util.Arrays.copyOf(second, 60)));
    }

    @Test
    void oversizedMessagesAreRefused() {
        assertThrows(ProtocolViolationException.class, () -> fresh(false).readMessage(new byte[65536]));
        assertThrows(IllegalArgumentException.class, () -> fresh(true).writeMessage(new byte[65504]));
        assertThrows(IllegalArgumentException.class, () -> NoiseFrames.frame(new byte[65536]));
        NoiseTransport[] t = handshake(fresh(true), fresh(false));
        assertThrows(IllegalArgumentException.class, () -> t[0].encrypt(new byte[NoiseTransport.MAX_PLAINTEXT + 1]));
    }

    @Test
    void tamperedOrReplayedTransportMessageFails() {
        NoiseTransport[] t = handshake(fresh(true), fresh(false));
        byte[] ciphertext = t[0].encrypt(new byte[] {1, 2, 3});
        byte[] tampered = ciphertext.clone();
        tampered[0] ^= 1;
        assertThrows(ProtocolViolationException.class, () -> t[1].decrypt(tampered));
        t[1].decrypt(ciphertext);
        assertThrows(ProtocolViolationException.class, () -> t[1].decrypt(ciphertext), "replay uses a new nonce");
        assertThrows(ProtocolViolationException.class, () -> t[1].decrypt(new byte[15]));
    }

    @Test
    void outOfTurnUseIsRefused() {
        assertThrows(IllegalStateException.class, () -> fresh(false).writeMessage(new byte[0]));
        assertThrows(IllegalStateException.class, () -> fresh(true).readMessage(new byte[32]));
        assertThrows(IllegalStateException.class, () -> fresh(true).split());
    }

    @Test
    void lowOrderRemoteEphemeralIsRefused() {
        NoiseHandshake responder = fresh(false);
        responder.readMessage(new byte[32]); // the all-zero point
        assertThrows(ProtocolViolationException.class, () -> responder.writeMessage(new byte[0]));
    }
}
