package org.olocus.discovery.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to find peers, registered as an OSGi service by its bundle and run by the coordinator. Every call may
 * be slow: each returns a stage and the coordinator bounds it in time. Mechanisms never write to the peer store;
 * they return and push peers.
 */
@ConsumerType
public interface DiscoveryMechanism {
    /** A short unique name ({@code mdns}, {@code dns}, …) shown by the shell commands. */
    String name();

    /** Which of the spec's mechanisms this is. */
    DiscoveryType type();

    /** Starts sockets and timers; peers seen from now on may be pushed to {@code context.sink()}. */
    CompletionStage<Void> start(DiscoveryContext context);

    /** Stops everything {@link #start} began. */
    CompletionStage<Void> stop();

    /** One round of discovery: the peers this mechanism knows now. */
    CompletionStage<List<PeerInfo>> discoverPeers();

    /** Makes our node known through this mechanism. */
    CompletionStage<Void> announceSelf(PeerInfo self);

    /** Whether it is started and working. */
    boolean isActive();

    /** Whether it can find providers of content (the DHT). */
    default boolean supportsContentRouting() {
        return false;
    }

    /** Whether it can look up a peer's addresses by id (the DHT). */
    default boolean supportsPeerRouting() {
        return false;
    }
}
