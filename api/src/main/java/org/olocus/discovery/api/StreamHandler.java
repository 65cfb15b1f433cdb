package org.olocus.discovery.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: serves inbound streams of the protocol ids named in its {@link #PROTOCOL} service property.
 * The host adds the ids to those it negotiates (and tells connected peers through identify push) while the service
 * is registered, and drops them when it goes; streams it accepted are then reset, so none outlives its bundle.
 */
@ConsumerType
public interface StreamHandler {
    /** Service property: the protocol id(s) served ({@code String} or {@code String[]}), e.g. {@code /ipfs/kad/1.0.0}. */
    String PROTOCOL = "olocus.stream.protocol";

    /**
     * A remote opened a stream and agreed on one of our protocol ids ({@link PeerStream#protocol()}). Returns the
     * receiver of its bytes. Called on an I/O thread: must not block. Throwing resets the stream.
     */
    StreamReceiver accept(PeerStream stream);
}
