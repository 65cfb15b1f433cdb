package org.olocus.discovery.coordinator.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerPublicKey;
import org.olocus.discovery.support.internal.DataDirectory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the node's identity as {@link LocalPeer}. The key lives at {@code <data dir>/identity.key}; the data
 * directory is the framework property {@code olocus.data}, else {@code <olocus.home>/data}, else {@code ./data}.
 */
@Component(service = LocalPeer.class)
public final class LocalPeerComponent implements LocalPeer {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPeerComponent.class);
    private final Ed25519LocalPeer identity;

    @Activate
    public LocalPeerComponent(BundleContext context) throws IOException {
        Path keyFile = DataDirectory.resolve(context::getProperty).resolve("identity.key");
        try {
            identity = IdentityKeyFile.loadOrCreate(keyFile);
        } catch (IOException e) {
            LOG.error("Cannot load the node identity: {}", e.getMessage());
            throw e;
        }
        LOG.info("Node identity {} (key {})", identity.peerId(), keyFile);
    }

    @Override
    public PeerId peerId() {
        return identity.peerId();
    }

    @Override
    public PeerPublicKey publicKey() {
        return identity.publicKey();
    }

    @Override
    public byte[] sign(byte[] message) {
        return identity.sign(message);
    }
}
