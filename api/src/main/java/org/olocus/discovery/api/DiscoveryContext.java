package org.olocus.discovery.api;

import org.osgi.annotation.versioning.ProviderType;

/** What the coordinator hands a mechanism when it starts it. */
@ProviderType
public interface DiscoveryContext {
    /** Our identity. */
    LocalPeer localPeer();

    /** Where to push peers as they are seen. */
    PeerSink sink();
}
