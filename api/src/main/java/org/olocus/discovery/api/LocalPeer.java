package org.olocus.discovery.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This node's identity. The private key never leaves its owner: others ask it to {@link #sign} instead.
 */
@ProviderType
public interface LocalPeer {
    /** Our peer id ({@code 12D3KooW…} for the Ed25519 key the coordinator keeps). */
    PeerId peerId();

    /** Our public key. */
    PeerPublicKey publicKey();

    /** Signs {@code message} with our private key as libp2p does for its key type (Ed25519: pure Ed25519). */
    byte[] sign(byte[] message);
}
