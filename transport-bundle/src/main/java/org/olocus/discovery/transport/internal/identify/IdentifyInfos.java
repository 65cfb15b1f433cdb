package org.olocus.discovery.transport.internal.identify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerPublicKey;

/** Maps the wire {@link IdentifyMessage} to the api's {@link IdentifyInfo}. */
public final class IdentifyInfos {
    private IdentifyInfos() {
    }

    /**
     * The api view of {@code message}, received on a connection whose handshake proved {@code provenKey}. The
     * identify protocol already refused a message carrying another key; a message without a key gets the proven
     * one. Listen addresses are those of the remote's signed peer record when it verified ({@code signed}), else
     * the message's unsigned ones; they lose a trailing {@code /p2p}; absent strings become empty.
     */
    public static IdentifyInfo from(IdentifyMessage message, PeerPublicKey provenKey,
            Optional<List<Multiaddr>> signed) {
        List<Multiaddr> addresses = new ArrayList<>();
        for (Multiaddr a : signed.orElse(message.listenAddrs())) {
            Multiaddr plain = a.withoutPeerId();
            if (!plain.isEmpty() && !addresses.contains(plain)) {
                addresses.add(plain);
            }
        }
        return new IdentifyInfo(provenKey, addresses, message.protocols(),
                message.protocolVersion() == null ? "" : message.protocolVersion(),
                message.agentVersion() == null ? "" : message.agentVersion(),
                Optional.ofNullable(message.observedAddr()), signed.isPresent());
    }
}
