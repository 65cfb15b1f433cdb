package org.olocus.discovery.coordinator.internal;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;

/** Random peers for tests (sha2-256 ids: cheap and valid). */
final class TestPeers {
    private TestPeers() {
    }

    static PeerId randomId() {
        byte[] mh = new byte[34];
        mh[0] = 0x12;
        mh[1] = 0x20;
        byte[] digest = new byte[32];
        ThreadLocalRandom.current().nextBytes(digest);
        System.arraycopy(digest, 0, mh, 2, 32);
        return PeerId.fromBytes(mh);
    }

    static PeerInfo peer(DiscoveryType source) {
        int port = 1024 + ThreadLocalRandom.current().nextInt(60000);
        return PeerInfo.discovered(randomId(), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port)), source);
    }
}
