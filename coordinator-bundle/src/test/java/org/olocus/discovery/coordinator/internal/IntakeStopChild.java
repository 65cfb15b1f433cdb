package org.olocus.discovery.coordinator.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.peerstore.internal.ConfiguredPeerStore;

/**
 * Child process of {@link PeerIntakeSigtermTest}: a persistent store behind the coordinator's intake, stopped by a
 * shutdown hook in the order the node stops on SIGTERM (the coordinator's intake, then the store). The main thread
 * submits {@code count} new peers as fast as the intake takes them and prints {@code accepted <i> <id>} for each
 * one {@code submit} accepted; another thread adds peers one at a time through {@code addNow} and prints
 * {@code added <i> <id>} after each returned. The hook prints {@code stopped in <ms> ms}.
 * Arguments: store path, count.
 */
public final class IntakeStopChild {
    private IntakeStopChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> config = Map.of("type", "persistent", "path", Path.of(args[0]).toString(),
                "max_peers", 1_000_000);
        int count = Integer.parseInt(args[1]);
        ConfiguredPeerStore store = new ConfiguredPeerStore("child", TestConfigs.peerStore(config), config);
        ListenerDispatcher listeners = new ListenerDispatcher();
        PeerIntake intake = new PeerIntake(TestPeers.randomId(), listeners);
        intake.storeOffered(store, Map.of("service.ranking", 0, "service.id", 1L));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long t0 = System.nanoTime();
            intake.close();
            listeners.close();
            store.close();
            System.out.println("stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            System.out.flush();
        }, "stop"));

        Thread manual = new Thread(() -> {
            for (int i = 0; ; i++) {
                PeerInfo peer = TestPeers.peer(DiscoveryType.MANUAL);
                try {
                    intake.addNow(peer);
                } catch (DiscoveryException | RuntimeException e) {
                    System.out.println("add refused: " + e.getMessage());
                    return;
                }
                System.out.println("added " + i + " " + peer.id());
            }
        }, "manual-adds");
        manual.setDaemon(true);
        manual.start();

        for (int i = 0; i < count; i++) {
            PeerInfo peer = TestPeers.peer(DiscoveryType.GOSSIP);
            boolean accepted = intake.submit(List.of(peer), () -> { });
            System.out.println((accepted ? "accepted " : "refused ") + i + " " + peer.id());
        }
        System.out.println("burst done");
        new CountDownLatch(1).await(); // until the signal
    }
}
