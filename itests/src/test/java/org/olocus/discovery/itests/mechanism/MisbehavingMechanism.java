package org.olocus.discovery.itests.mechanism;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

import org.olocus.discovery.api.DiscoveryContext;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.PeerInfo;

/** A mechanism whose rounds go wrong in one of the ways a coordinator must contain. */
public final class MisbehavingMechanism implements DiscoveryMechanism {
    /** How a round goes wrong. */
    public enum Fault {
        /** discoverPeers blocks the calling thread until interrupted (or the test releases it). */
        BLOCKS,
        /** discoverPeers returns a stage that never completes. */
        NEVER_COMPLETES,
        /** discoverPeers throws. */
        THROWS
    }

    private final String name;
    private final Fault fault;
    private final CountDownLatch release = new CountDownLatch(1);

    public MisbehavingMechanism(String name, Fault fault) {
        this.name = name;
        this.fault = fault;
    }

    /** Lets threads blocked in {@link Fault#BLOCKS} go (test cleanup). */
    public void release() {
        release.countDown();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DiscoveryType type() {
        return DiscoveryType.GOSSIP;
    }

    @Override
    public CompletionStage<Void> start(DiscoveryContext context) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> stop() {
        release();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<PeerInfo>> discoverPeers() {
        StaticMechanism.record(name, "discoverPeers");
        switch (fault) {
            case BLOCKS -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    StaticMechanism.record(name, "interrupted");
                    Thread.currentThread().interrupt();
                }
                return CompletableFuture.completedFuture(List.of());
            }
            case NEVER_COMPLETES -> {
                return new CompletableFuture<>();
            }
            default -> throw new IllegalStateException("mechanism " + name + " is broken on purpose");
        }
    }

    @Override
    public CompletionStage<Void> announceSelf(PeerInfo self) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isActive() {
        return true;
    }
}
