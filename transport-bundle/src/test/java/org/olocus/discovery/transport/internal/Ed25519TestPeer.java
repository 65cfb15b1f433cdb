package org.olocus.discovery.transport.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;

import org.olocus.discovery.api.KeyType;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;

/** A {@link LocalPeer} test double on a JDK Ed25519 key: a fresh one, or one from a known seed. */
public final class Ed25519TestPeer implements LocalPeer {
    private final PrivateKey privateKey;
    private final PeerPublicKey publicKey;

    /** A fresh random key. */
    public Ed25519TestPeer() {
        KeyPair keys;
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] encoded = keys.getPublic().getEncoded();
        privateKey = keys.getPrivate();
        publicKey = PeerPublicKey.of(KeyType.ED25519, Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    /**
     * The key of a 32-byte {@code seed}, as js-libp2p's {@code generateKeyPairFromSeed} makes it, with its known
     * public key: Ed25519 signatures are deterministic, so what we sign can be compared byte for byte with js.
     */
    public Ed25519TestPeer(byte[] seed, String publicKeyHex) {
        try {
            privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(
                    new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        publicKey = PeerPublicKey.of(KeyType.ED25519, HexFormat.of().parseHex(publicKeyHex));
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
            signer.initSign(privateKey);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
