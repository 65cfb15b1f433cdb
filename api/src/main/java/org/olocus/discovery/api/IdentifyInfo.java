package org.olocus.discovery.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a peer said of itself through libp2p identify ({@code /ipfs/id/1.0.0}, {@code /ipfs/id/push/1.0.0}).
 *
 * @param publicKey        its public key (the host checked it matches the connection's proven peer id)
 * @param listenAddresses  where it says it listens, without {@code /p2p}
 * @param protocols        the protocol ids it serves
 * @param protocolVersion  e.g. {@code ipfs/0.1.0}, may be empty
 * @param agentVersion     e.g. {@code js-libp2p/3.3.11}, may be empty
 * @param observedAddress  our address as the peer sees it, if it said
 * @param signedAddresses  whether {@code listenAddresses} come from a signed peer record the host verified
 */
public record IdentifyInfo(PeerPublicKey publicKey, List<Multiaddr> listenAddresses, List<String> protocols,
        String protocolVersion, String agentVersion, Optional<Multiaddr> observedAddress, boolean signedAddresses) {
    public IdentifyInfo {
        Objects.requireNonNull(publicKey, "publicKey");
        listenAddresses = List.copyOf(listenAddresses);
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(observedAddress, "observedAddress");
    }
}
