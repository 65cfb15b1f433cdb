package org.olocus.discovery.transport.internal.crypto;

import org.olocus.discovery.api.PeerPublicKey;

/**
 * Verifies a remote's libp2p signature in the transport: Ed25519 (every modern peer, so the handshake's hot
 * path) and secp256k1 with BouncyCastle, RSA and ECDSA through the api's JDK-based {@link PeerPublicKey#verify}.
 */
public final class CryptoSignatureVerifier {
    private CryptoSignatureVerifier() {
    }

    /**
     * Whether {@code signature} over {@code message} is valid for {@code key}.
     *
     * @throws UnsupportedOperationException for a key type nobody here can verify
     */
    public static boolean verify(PeerPublicKey key, byte[] message, byte[] signature) {
        return switch (key.type()) {
            case ED25519 -> Ed25519Verifier.verify(key.data(), message, signature);
            case SECP256K1 -> CryptoSecp256k1Verifier.verify(key.data(), message, signature);
            default -> key.verify(message, signature);
        };
    }
}
