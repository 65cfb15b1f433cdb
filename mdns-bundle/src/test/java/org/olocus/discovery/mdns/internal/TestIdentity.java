package org.olocus.discovery.mdns.internal;

import org.olocus.discovery.api.DiscoveryContext;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.api.PeerSink;
import org.olocus.discovery.testsupport.SeededIdentity;

/** A {@link SeededIdentity} as the {@link LocalPeer} of a test node (it does not sign). */
final class TestIdentity implements LocalPeer {
    private final PeerPublicKey publicKey;

    private TestIdentity(PeerPublicKey publicKey) {
        this.publicKey = publicKey;
    }

    static TestIdentity fromSeed(long seed) {
        return new TestIdentity(SeededIdentity.of(seed).publicKey());
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
