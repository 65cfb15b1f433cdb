package org.olocus.discovery.coordinator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import org.olocus.discovery.api.DiscoveryContext;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.PeerInfo;

/** A scriptable mechanism: what discoverPeers does is a supplier; calls are recorded. */
class TestMechanism implements DiscoveryMechanism {
    final String name;
    final DiscoveryType type;
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile Supplier<CompletionStage<List<PeerInfo>>> discover;
    volatile DiscoveryContext context;
    volatile PeerInfo announced;

    TestMechanism(String name, DiscoveryType type, Supplier<CompletionStage<List<PeerInfo>>> discover) {
        this.name = name;
        this.type = type;
        this.discover = discover;
    }

    static TestMechanism returning(String name, List<PeerInfo> peers) {
        return new TestMechanism(name, DiscoveryType.BOOTSTRAP, () -> CompletableFuture.completedFuture(peers));
    }

    /** discoverPeers blocks its calling thread until the latch opens (never, in the tests). */
    static TestMechanism blocking(String name, CountDownLatch never) {
        return new TestMechanism(name, DiscoveryType.DHT, () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(List.of());
        });
    }

    static TestMechanism throwing(String name) {
        return new TestMechanism(name, DiscoveryType.GOSSIP, () -> {
            throw new IllegalStateException("boom");
        });
    }

    static List<PeerInfo> peers(int n, DiscoveryType type) {
        List<PeerInfo> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestPeers.peer(type));
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DiscoveryType type() {
        return type;
    }

    @Override
    public CompletionStage<Void> start(DiscoveryContext ctx) {
        calls.add("start");
        this.context = ctx;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> stop() {
        calls.add("stop");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<PeerInfo>> discoverPeers() {
        calls.add("discover");
        return discover.get();
    }

    @Override
    public CompletionStage<Void> announceSelf(PeerInfo self) {
        calls.add("announce");
        announced = self;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isActive() {
        return calls.contains("start") && !calls.contains("stop");
    }
}
