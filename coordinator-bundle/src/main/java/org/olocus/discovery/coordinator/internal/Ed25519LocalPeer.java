package org.olocus.discovery.coordinator.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

import org.olocus.discovery.api.KeyType;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;

/** Our identity: an Ed25519 key pair held in memory; only signatures leave it. */
final class Ed25519LocalPeer implements LocalPeer {
    private static final byte[] SELF_TEST = "olocus identity self-test".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final PrivateKey privateKey;
    private final byte[] seed;
    private final PeerPublicKey publicKey;
    private final PeerId peerId;

    private Ed25519LocalPeer(byte[] seed, byte[] rawPublicKey) {
        try {
            this.privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key seed is not a valid Ed25519 key", e);
        }
        this.seed = seed.clone();
        this.publicKey = PeerPublicKey.of(KeyType.ED25519, rawPublicKey);
        this.peerId = publicKey.toPeerId();
    }

    static Ed25519LocalPeer generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            byte[] x509 = pair.getPublic().getEncoded();
            return new Ed25519LocalPeer(seed, Arrays.copyOfRange(x509, x509.length - 32, x509.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is required of every Java 17 runtime", e);
        }
    }

    /**
     * From libp2p's 64-byte Ed25519 private key data (seed ‖ public key); the pair is checked by signing and
     * verifying, so a damaged half is caught.
     */
    static Ed25519LocalPeer fromLibp2pPrivateKeyData(byte[] data) {
        if (data.length != 64) {
            throw new IllegalArgumentException("Ed25519 private key data has " + data.length + " bytes, not 64");
        }
        Ed25519LocalPeer peer = new Ed25519LocalPeer(Arrays.copyOf(data, 32), Arrays.copyOfRange(data, 32, 64));
        if (!peer.publicKey.verify(SELF_TEST, peer.sign(SELF_TEST))) {
            throw new IllegalArgumentException("the public half does not belong to the private half");
        }
        return peer;
    }

    byte[] libp2pPrivateKeyData() {
        byte[] out = Arrays.copyOf(seed, 64);
        System.arraycopy(publicKey.data(), 0, out, 32, 32);
        return out;
    }

    @Override
    public PeerId peerId() {
        return peerId;
    }

    @Override
    public PeerPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "LocalPeer " + peerId;
    }
}
