package org.olocus.discovery.dns.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Arrays;

import org.olocus.discovery.api.KeyType;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;

/** Real peer ids for test zones: fresh Ed25519 keys, their ids as libp2p computes them. */
final class TestPeers {
    private TestPeers() {
    }

    static PeerId newPeerId() {
        try {
            byte[] x509 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
            // An Ed25519 SubjectPublicKeyInfo ends with the 32 raw key bytes.
            byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
            return PeerPublicKey.of(KeyType.ED25519, raw).toPeerId();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
        }
    }
}
