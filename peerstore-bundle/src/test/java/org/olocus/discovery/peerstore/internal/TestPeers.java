package org.olocus.discovery.peerstore.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.KeyType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerPublicKey;

/** Peer ids and infos for tests. */
final class TestPeers {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private TestPeers() {
    }

    /** The id of a fresh Ed25519 key, as a real node has. */
    static PeerId ed25519Id() {
        try {
            byte[] encoded = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
            return PeerPublicKey.of(KeyType.ED25519, Arrays.copyOfRange(encoded, encoded.length - 32,
                    encoded.length)).toPeerId();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A sha2-256 multihash id from {@code random}: cheap, for big tests. */
    static PeerId randomId(Random random) {
        byte[] bytes = new byte[34];
        random.nextBytes(bytes);
        bytes[0] = 0x12;
        bytes[1] = 0x20;
        return PeerId.fromBytes(bytes);
    }

    static Multiaddr address(int port) {
        return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port);
    }

    /** A discovered, disconnected peer with two addresses, seen at {@code seen}. */
    static PeerInfo peer(PeerId id, Instant seen) {
        return new PeerInfo(id, List.of(address(4001), Multiaddr.parse("/ip6/::1/udp/4001/quic-v1")), Set.of(),
                seen, ConnectionStatus.DISCONNECTED, ConnectionDirection.NONE, 0, Set.of(DiscoveryType.DHT));
    }

    static PeerInfo connected(PeerId id, Instant seen, ConnectionDirection direction) {
        return peer(id, seen).withStatus(ConnectionStatus.CONNECTED, direction);
    }
}
