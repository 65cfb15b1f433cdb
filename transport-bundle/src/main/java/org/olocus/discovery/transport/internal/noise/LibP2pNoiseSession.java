package org.olocus.discovery.transport.internal.noise;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;

import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.crypto.CryptoSignatureVerifier;

/**
 * The libp2p {@code /noise} security handshake, byte level and without I/O: Noise XX whose second and third
 * messages carry a {@link NoiseHandshakePayload} binding each side's libp2p identity to its Noise static key.
 * Messages travel in {@link NoiseFrames}. Feed received bytes to {@link #receive}, send what it returns; when
 * {@link #isComplete()} the {@link #result()} holds the proven remote identity and the transport ciphers, and any
 * bytes left in the buffer are already transport frames. Not thread-safe.
 */
public final class LibP2pNoiseSession {
    /** The multistream-select protocol id of this handshake. */
    public static final String PROTOCOL_ID = "/noise";

    /** What a finished handshake established. */
    public record Result(PeerId remotePeer, PeerPublicKey remoteKey, List<String> remoteMuxers,
            NoiseTransport transport) {
    }

    private final boolean initiator;
    private final NoiseIdentity identity;
    private final PeerId expectedRemote;
    private final NoiseHandshake handshake;
    private Result result;

    private LibP2pNoiseSession(boolean initiator, NoiseIdentity identity, PeerId expectedRemote,
            SecureRandom random) {
        this.initiator = initiator;
        this.identity = identity;
        this.expectedRemote = expectedRemote;
        this.handshake = new NoiseHandshake(initiator, identity.staticKey(), new byte[0], null, random);
    }

    /**
     * The dialing side.
     *
     * @param expectedRemote the peer we mean to reach, or {@code null} to accept whoever answers
     * @param random         source of the ephemeral key
     */
    public static LibP2pNoiseSession initiator(NoiseIdentity identity, PeerId expectedRemote, SecureRandom random) {
        return new LibP2pNoiseSession(true, identity, expectedRemote, random);
    }

    /** The listening side. */
    public static LibP2pNoiseSession responder(NoiseIdentity identity, SecureRandom random) {
        return new LibP2pNoiseSession(false, identity, null, random);
    }

    /** The initiator's first frame (its ephemeral key); nothing for the responder. */
    public byte[] start() {
        return initiator ? NoiseFrames.frame(handshake.writeMessage(new byte[0])) : new byte[0];
    }

    /**
     * Consumes handshake frames from {@code in} and returns the frames to send in reply (maybe none).
     *
     * @throws ProtocolViolationException when a message is malformed or the remote's identity does not verify
     * @throws PeerIdMismatchException    when the remote is not the peer we dialed
     */
    public byte[] receive(ByteBuffer in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] message;
        while (result == null && (message = NoiseFrames.next(in)) != null) {
            byte[] payload = handshake.readMessage(message);
            if (initiator) {
                // Message 2: the responder's identity; answer with ours in message 3.
                NoiseHandshakePayload remote = verify(payload);
                out.writeBytes(NoiseFrames.frame(handshake.writeMessage(ownPayload())));
                finish(remote);
            } else if (handshake.isComplete()) {
                finish(verify(payload)); // message 3
            } else {
                out.writeBytes(NoiseFrames.frame(handshake.writeMessage(ownPayload()))); // message 2
            }
        }
        return out.toByteArray();
    }

    private byte[] ownPayload() {
        return identity.payload();
    }

    private NoiseHandshakePayload verify(byte[] encoded) {
        NoiseHandshakePayload payload = NoiseHandshakePayload.decode(encoded);
        boolean valid;
        try {
            valid = CryptoSignatureVerifier.verify(payload.identityKey(),
                    NoiseIdentity.signedBytes(handshake.remoteStaticKey()), payload.identitySignature());
        } catch (UnsupportedOperationException e) {
            throw new ProtocolViolationException("cannot verify the remote's identity: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new ProtocolViolationException("the remote's identity signature over its Noise static key "
                    + "does not verify");
        }
        PeerId remote = payload.identityKey().toPeerId();
        if (expectedRemote != null && !expectedRemote.equals(remote)) {
            throw new PeerIdMismatchException(expectedRemote, remote);
        }
        return payload;
    }

    private void finish(NoiseHandshakePayload remote) {
        result = new Result(remote.identityKey().toPeerId(), remote.identityKey(), remote.streamMuxers(),
                handshake.split());
    }

    public boolean isComplete() {
        return result != null;
    }

    /** The outcome; only once {@link #isComplete()}. */
    public Result result() {
        if (result == null) {
            throw new IllegalStateException("the Noise handshake is not complete");
        }
        return result;
    }
}
