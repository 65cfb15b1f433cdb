package org.olocus.discovery.itests.mechanism;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.olocus.discovery.api.DiscoveryContext;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.PeerInfo;

/**
 * A mechanism whose start takes a while (as opening sockets or joining a multicast group does): start() returns at
 * once a stage that completes {@code startMillis} later. Calls are recorded as {@link StaticMechanism} does.
 */
public final class SlowStartMechanism implements DiscoveryMechanism {
    private final String name;
    private final long startMillis;
    private volatile boolean active;

    public SlowStartMechanism(String name, long startMillis) {
        this.name = name;
        this.startMillis = startMillis;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DiscoveryType type() {
        return DiscoveryType.MDNS;
    }

    @Override
    public CompletionStage<Void> start(DiscoveryContext context) {
        StaticMechanism.record(name, "start");
        return CompletableFuture.runAsync(() -> {
            active = true;
            StaticMechanism.record(name, "started");
        }, CompletableFuture.delayedExecutor(startMillis, TimeUnit.MILLISECONDS));
    }

    @Override
    public CompletionStage<Void> stop() {
        StaticMechanism.record(name, "stop");
        active = false;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<PeerInfo>> discoverPeers() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Void> announceSelf(PeerInfo self) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isActive() {
        return active;
    }
}
