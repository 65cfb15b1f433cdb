package org.olocus.discovery.transport.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;

import org.olocus.discovery.api.KeyType;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;

/** A {@link LocalPeer} test double on a fresh JDK Ed25519 key. */
final class Ed25519TestPeer implements LocalPeer {
    private final KeyPair keys;
    private final PeerPublicKey publicKey;

    Ed25519TestPeer() {
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] encoded = keys.getPublic().getEncoded();
        publicKey = PeerPublicKey.of(KeyType.ED25519, Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    @Override
    public PeerId peerId() {
        return publicKey.toPeerId();
    }

    @Override
    public PeerPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
