package org.olocus.discovery.mdns.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

import org.olocus.discovery.api.DiscoveryContext;
import org.olocus.discovery.api.KeyType;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.api.PeerSink;

/** Reproducible Ed25519 identities for test nodes: the same seed gives the same peer id in every process. */
final class TestIdentity implements LocalPeer {
    private final PeerPublicKey publicKey;

    private TestIdentity(PeerPublicKey publicKey) {
        this.publicKey = publicKey;
    }

    static TestIdentity fromSeed(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, random);
            KeyPair pair = g.generateKeyPair();
            byte[] x509 = pair.getPublic().getEncoded();
            return new TestIdentity(PeerPublicKey.of(KeyType.ED25519, Arrays.copyOfRange(x509, x509.length - 32,
                    x509.length)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PeerId idOf(long seed) {
        return fromSeed(seed).peerId();
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
        throw new UnsupportedOperationException("test identities do not sign");
    }

    DiscoveryContext context(PeerSink sink) {
        LocalPeer me = this;
        return new DiscoveryContext() {
            @Override
            public LocalPeer localPeer() {
                return me;
            }

            @Override
            public PeerSink sink() {
                return sink;
            }
        };
    }
}
