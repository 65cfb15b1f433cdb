package org.olocus.discovery.transport.internal.noise;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;

import org.olocus.discovery.transport.internal.ProtocolViolationException;
import org.olocus.discovery.transport.internal.crypto.X25519;

/**
 * The Noise HandshakeState (spec rev 34, §5.3) for {@code Noise_XX_25519_ChaChaPoly_SHA256}:
 * <pre>
 *   -&gt; e
 *   &lt;- e, ee, s, es
 *   -&gt; s, se
 * </pre>
 * Byte level and without I/O: {@link #writeMessage} and {@link #readMessage} handle one handshake message each,
 * in turn. After the third message {@link #split()} yields the transport ciphers. Not thread-safe.
 */
public final class NoiseHandshake {
    /** The full protocol name, hashed into the initial state. */
    public static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    /** Noise's upper bound on any message. */
    public static final int MAX_MESSAGE = 65535;

    private enum Token { E, S, EE, ES, SE }

    private static final Token[][] PATTERN = {
        {Token.E},
        {Token.E, Token.EE, Token.S, Token.ES},
        {Token.S, Token.SE},
    };

    private final boolean initiator;
    private final NoiseSymmetricState symmetric;
    private final X25519.KeyPair localStatic;
    private final SecureRandom random;
    private X25519.KeyPair localEphemeral;
    private byte[] remoteStatic;
    private byte[] remoteEphemeral;
    private int messageIndex;
    private boolean failed;

    /**
     * @param initiator      whether we send the first message
     * @param localStatic    our static X25519 key pair
     * @param prologue       data both sides must agree on (libp2p: empty)
     * @param fixedEphemeral an ephemeral key pair to use instead of a fresh one — test vectors only; else null
     * @param random         source of the ephemeral key
     */
    public NoiseHandshake(boolean initiator, X25519.KeyPair localStatic, byte[] prologue,
            X25519.KeyPair fixedEphemeral, SecureRandom random) {
        this.initiator = initiator;
        this.localStatic = localStatic;
        this.localEphemeral = fixedEphemeral;
        this.random = random;
        this.symmetric = new NoiseSymmetricState(PROTOCOL_NAME);
        symmetric.mixHash(prologue);
    }

    /** Whether it is our turn to write. */
    public boolean isMyTurn() {
        return !isComplete() && (messageIndex % 2 == 0) == initiator;
    }

    /** Whether all three messages went through. */
    public boolean isComplete() {
        return messageIndex == PATTERN.length;
    }

    /** Writes the next handshake message carrying {@code payload}. */
    public byte[] writeMessage(byte[] payload) {
        checkTurn(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Token token : PATTERN[messageIndex]) {
            switch (token) {
                case E -> {
                    if (localEphemeral == null) {
                        localEphemeral = X25519.generate(random);
                    }
                    byte[] pub = localEphemeral.publicKey();
                    out.writeBytes(pub);
                    symmetric.mixHash(pub);
                }
                case S -> out.writeBytes(symmetric.encryptAndHash(localStatic.publicKey()));
                default -> mixDh(token);
            }
        }
        out.writeBytes(symmetric.encryptAndHash(payload));
        if (out.size() > MAX_MESSAGE) {
            failed = true;
            throw new IllegalArgumentException("Noise message of " + out.size() + " bytes exceeds " + MAX_MESSAGE);
        }
        messageIndex++;
        return out.toByteArray();
    }

    /**
     * Reads the next handshake message and returns its payload.
     *
     * @throws ProtocolViolationException when the message is too short, too long, or fails authentication; the
     *                                    handshake cannot continue after that
     */
    public byte[] readMessage(byte[] message) {
        checkTurn(false);
        if (message.length > MAX_MESSAGE) {
            failed = true;
            throw new ProtocolViolationException("Noise message of " + message.length + " bytes exceeds "
                    + MAX_MESSAGE);
        }
        try {
            int offset = 0;
            for (Token token : PATTERN[messageIndex]) {
                switch (token) {
                    case E -> {
                        remoteEphemeral = slice(message, offset, X25519.KEY_SIZE, "ephemeral key");
                        offset += X25519.KEY_SIZE;
                        symmetric.mixHash(remoteEphemeral);
                    }
                    case S -> {
                        int length = X25519.KEY_SIZE + (symmetric.hasKey() ? NoiseCipherState.TAG_SIZE : 0);
                        remoteStatic = symmetric.decryptAndHash(slice(message, offset, length, "static key"));
                        offset += length;
                    }
                    default -> mixDh(token);
                }
            }
            byte[] payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset, message.length));
            messageIndex++;
            return payload;
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private void mixDh(Token token) {
        byte[] secret = switch (token) {
            case EE -> X25519.dh(localEphemeral.privateKey(), remoteEphemeral);
            case ES -> initiator ? X25519.dh(localEphemeral.privateKey(), remoteStatic)
                    : X25519.dh(localStatic.privateKey(), remoteEphemeral);
            case SE -> initiator ? X25519.dh(localStatic.privateKey(), remoteEphemeral)
                    : X25519.dh(localEphemeral.privateKey(), remoteStatic);
            default -> throw new IllegalStateException("not a DH token: " + token);
        };
        symmetric.mixKey(secret);
    }

    private void checkTurn(boolean writing) {
        if (failed) {
            throw new IllegalStateException("the Noise handshake already failed");
        }
        if (isComplete()) {
            throw new IllegalStateException("the Noise handshake is complete");
        }
        if (isMyTurn() != writing) {
            throw new IllegalStateException("it is not our turn to " + (writing ? "write" : "read"));
        }
    }

    private static byte[] slice(byte[] message, int offset, int length, String what) {
        if (message.length < offset + length) {
            throw new ProtocolViolationException("Noise handshake message of " + message.length
                    + " bytes is too short for its " + what);
        }
        return Arrays.copyOfRange(message, offset, offset + length);
    }

    /** The remote's static public key, once received. */
    public byte[] remoteStaticKey() {
        return remoteStatic == null ? null : remoteStatic.clone();
    }

    /** The handshake hash h (a channel binding). */
    public byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    /** The transport ciphers, ours to send with and to receive with. Only once the handshake is complete. */
    public NoiseTransport split() {
        if (!isComplete()) {
            throw new IllegalStateException("the Noise handshake is not complete");
        }
        NoiseCipherState[] pair = symmetric.split();
        return initiator ? new NoiseTransport(pair[0], pair[1]) : new NoiseTransport(pair[1], pair[0]);
    }
}
