package org.olocus.discovery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.FileInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerListener;
import org.olocus.discovery.api.PeerStore;
import org.olocus.discovery.itests.mechanism.StaticMechanism;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Updating and refreshing the coordinator bundle again and again leaves no thread of an old coordinator behind,
 * keeps the node's identity, and loses no peer.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoordinatorRefreshIT {
    private static final int CYCLES = 20;
    private static final String JAR_PROPERTY = "olocus.itests.coordinator.jar";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(OlocusOptions.baseOptions(), systemProperty(JAR_PROPERTY)
                .value(OlocusOptions.ourBundlePath("coordinator-bundle").toString()));
    }

    @Test
    public void updateAndRefreshLeaveNoThreadsAndKeepPeers() throws Exception {
        PeerStore store = Osgi.service(context, PeerStore.class);
        PeerId identity = Osgi.service(context, LocalPeer.class).peerId();
        List<PeerInfo> peers = StaticMechanism.peers("refresh", 30);
        ServiceRegistration<DiscoveryMechanism> mechanism = context.registerService(DiscoveryMechanism.class,
                new StaticMechanism("refresh", peers), null);
        // a listener makes the coordinator start its event thread too, so that one is counted as well
        ServiceRegistration<PeerListener> listener = context.registerService(PeerListener.class,
                new PeerListener() { }, null);
        Map<String, Long> baseline;
        try {
            Await.until("the mechanism's peers are stored", Duration.ofSeconds(5),
                    () -> peers.stream().allMatch(p -> store.get(p.id()).isPresent()));
            exerciseCoordinator(1000);
            baseline = Osgi.threads("olocus-");
            System.out.println("threads of one live coordinator: " + baseline);
            assertTrue("a live coordinator has its timer, store, event and mechanism threads: " + baseline,
                    baseline.keySet().containsAll(List.of("olocus-coordinator-timer-1", "olocus-coordinator-store-1",
                            "olocus-coordinator-events-1", "olocus-mechanism-refresh-1")));
            int before = store.size();

            Bundle coordinator = Osgi.bundle(context, "org.olocus.discovery.coordinator");
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            long serviceId = Osgi.coordinatorServiceId(context);
            for (int i = 0; i < CYCLES; i++) {
                try (InputStream jar = new FileInputStream(System.getProperty(JAR_PROPERTY))) {
                    coordinator.update(jar);
                }
                serviceId = awaitRestarted(serviceId, "cycle " + i + " update");
                refresh(wiring, coordinator);
                serviceId = awaitRestarted(serviceId, "cycle " + i + " refresh");
            }
            assertEquals("the bundle is active after " + CYCLES + " updates", Bundle.ACTIVE, coordinator.getState());
            assertTrue("every update and refresh restarted the coordinator, which restarted the mechanism",
                    StaticMechanism.calls("refresh", "start") >= CYCLES + 1);
            assertEquals("every old coordinator stopped the mechanism it had started",
                    StaticMechanism.calls("refresh", "start") - 1, StaticMechanism.calls("refresh", "stop"));

            exerciseCoordinator(2000);
            Await.until("only the threads of one live coordinator remain (baseline " + baseline + ")",
                    Duration.ofSeconds(10), () -> Osgi.threads("olocus-"), baseline::equals);
            assertEquals("the store lost no peer (and took the one added since)", before + 1, store.size());
            for (PeerInfo p : peers) {
                assertTrue("kept " + p.id(), store.get(p.id()).isPresent());
            }
            assertEquals("the identity survived the updates", identity,
                    Osgi.service(context, LocalPeer.class).peerId());
        } finally {
            listener.unregister();
            mechanism.unregister();
        }
        Map<String, Long> withoutMechanism = new TreeMap<>(baseline);
        withoutMechanism.remove("olocus-mechanism-refresh-1");
        Await.until("the mechanism's thread ends when it leaves", Duration.ofSeconds(5),
                () -> Osgi.threads("olocus-"), withoutMechanism::equals);
    }

    /**
     * Waits for a coordinator other than {@code previousId} to run the mechanism. Waiting for the mechanism to be
     * running (not merely registered) keeps the cycles clear of the stop-during-start race that
     * {@link StopDuringStartIT} covers.
     */
    private long awaitRestarted(long previousId, String step) {
        long id = Await.until(step + ": a new coordinator is registered", Duration.ofSeconds(10),
                () -> Osgi.coordinatorServiceId(context), x -> x != previousId).value();
        try (Shell shell = new Shell(context)) {
            Await.until(step + ": the new coordinator runs the mechanism", Duration.ofSeconds(5),
                    () -> shell.mechanism("refresh") != null
                            && "running".equals(Osgi.get(shell.mechanism("refresh"), "state")));
        }
        return id;
    }

    /** Makes the coordinator use its store and event threads (they start lazily). */
    private void exerciseCoordinator(int port) {
        try (Shell shell = new Shell(context)) {
            shell.ok("discovery:add /ip4/127.0.0.1/tcp/" + port + "/p2p/" + StaticMechanism.id("manual#" + port));
            assertEquals(Integer.valueOf(30), shell.discover().get("refresh"));
        }
    }

    private static void refresh(FrameworkWiring wiring, Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("the refresh finished", done.await(30, TimeUnit.SECONDS));
    }
}
