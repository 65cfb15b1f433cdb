package org.olocus.discovery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerStore;
import org.olocus.discovery.itests.mechanism.StaticMechanism;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A better-ranked store that appears receives every peer before the coordinator switches to it; when it leaves,
 * every peer it holds — including those only it has seen — goes back to the next store.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StoreSwitchIT {
    private static final int N = 200;
    private static final int LATE = 20;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return OlocusOptions.baseOptions();
    }

    @Test
    public void peersMoveToTheBetterStoreAndBack() throws Exception {
        ConfigurationAdmin admin = Osgi.service(context, ConfigurationAdmin.class);
        Osgi.configure(admin, Osgi.PEERSTORE_PID, Map.of("max_peers", 1000));
        Osgi.configure(admin, Osgi.COORDINATOR_PID, Map.of("max_peers_per_mechanism", 500L));
        PeerStore memory = Await.until("the memory store takes max_peers=1000", Duration.ofSeconds(5),
                () -> Osgi.bestStore(context), s -> s.limits().maxPeers() == 1000).value();
        try (Shell shell = new Shell(context)) {
            Await.until("max_peers_per_mechanism=500 applied", Duration.ofSeconds(5),
                    () -> Integer.valueOf(500).equals(shell.setting("maxPeersPerMechanism")));
            List<PeerInfo> peers = StaticMechanism.peers("switch", N);
            ServiceRegistration<DiscoveryMechanism> reg = context.registerService(DiscoveryMechanism.class,
                    new StaticMechanism("switch", peers), null);
            try {
                Await.until(N + " peers in the memory store", Duration.ofSeconds(5), () -> memory.size() == N);

                Path file = Files.createDirectories(OlocusOptions.target().resolve("store-switch-" + UUID.randomUUID()))
                        .resolve("peers.db");
                org.osgi.service.cm.Configuration extra = Osgi.factoryConfigure(admin, Osgi.PEERSTORE_EXTRA_PID,
                        "itest", Map.of("type", "persistent", "path", file.toString(), "service_ranking", 10,
                                "max_peers", 1000));
                ServiceReference<?> ref = Osgi.awaitReference(context, PeerStore.class.getName(),
                        "(service.ranking=10)");
                PeerStore persistent = (PeerStore) context.getService(ref);
                assertNotSame(memory, persistent);
                Await.until("the coordinator moved every peer to the new store", Duration.ofSeconds(10),
                        () -> peers.stream().allMatch(p -> persistent.get(p.id()).isPresent()));
                assertEquals("the highest-ranked store is the new one", persistent, Osgi.bestStore(context));
                Await.until("discovery:status marks the new store current", Duration.ofSeconds(5),
                        () -> ((Number) Osgi.get(shell.status(), "peers")).intValue() == persistent.size());
                assertTrue("the store file exists", Files.exists(file));

                // peers seen while the new store is current go to it alone
                List<PeerId> late = new ArrayList<>();
                for (int i = 0; i < LATE; i++) {
                    PeerId id = StaticMechanism.id("late#" + i);
                    late.add(id);
                    shell.ok("discovery:add /ip4/127.0.0.1/tcp/" + (6000 + i) + "/p2p/" + id);
                }
                assertEquals(N + LATE, persistent.size());
                assertFalse("late peers did not go to the memory store", memory.get(late.get(0)).isPresent());

                extra.delete();
                Await.until("the extra store is gone", Duration.ofSeconds(10),
                        () -> Osgi.references(context, PeerStore.class.getName(), "(service.ranking=10)").isEmpty());
                assertEquals("the memory store is best again", memory, Osgi.bestStore(context));
                Await.until("every peer is back in the memory store", Duration.ofSeconds(10),
                        () -> memory.size() == N + LATE);
                for (PeerInfo p : peers) {
                    assertTrue("kept " + p.id(), memory.get(p.id()).isPresent());
                }
                for (PeerId id : late) {
                    assertTrue("late peer " + id + " handed back", memory.get(id).isPresent());
                }
                assertEquals("the coordinator reads from the memory store", N + LATE,
                        ((List<?>) shell.ok("discovery:peers")).size());
            } finally {
                reg.unregister();
            }
        }
    }
}
