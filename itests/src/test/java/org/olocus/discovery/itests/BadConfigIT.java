package org.olocus.discovery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.olocus.discovery.api.PeerStore;
import org.olocus.discovery.itests.mechanism.StaticMechanism;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/** A bad configuration is refused and reported; the component keeps working with its last good values. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class BadConfigIT {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return OlocusOptions.baseOptions();
    }

    @Test
    public void coordinatorKeepsLastGoodConfigAndReportsTheBadKey() {
        ConfigurationAdmin admin = Osgi.service(context, ConfigurationAdmin.class);
        try (Shell shell = new Shell(context)) {
            Osgi.configure(admin, Osgi.COORDINATOR_PID, Map.of("discovery_interval", 30L));
            Await.until("discovery_interval=30 applied", Duration.ofSeconds(5),
                    () -> Duration.ofSeconds(30).equals(shell.setting("discoveryInterval")));
            long serviceId = Osgi.coordinatorServiceId(context);

            Osgi.configure(admin, Osgi.COORDINATOR_PID, Map.of("discovery_interval", -5L));
            String error = Await.until("the refusal is reported", Duration.ofSeconds(5),
                    () -> (String) Osgi.get(shell.status(), "configError"), e -> e != null).value();
            assertTrue("the error names the key and value: " + error,
                    error.contains("discovery_interval") && error.contains("-5"));
            assertEquals("the last good interval is kept", Duration.ofSeconds(30), shell.setting("discoveryInterval"));
            String status = shell.status().toString();
            assertTrue("discovery:status prints the error: " + status,
                    status.contains("CONFIG ERROR") && status.contains("discovery_interval"));
            assertEquals("the coordinator was not restarted", serviceId, Osgi.coordinatorServiceId(context));
            shell.ok("discovery:add /ip4/127.0.0.1/tcp/4001/p2p/" + StaticMechanism.id("still-works"));

            Osgi.configure(admin, Osgi.COORDINATOR_PID, Map.of("discovery_interval", 20L));
            Await.until("a good value clears the error", Duration.ofSeconds(5),
                    () -> Osgi.get(shell.status(), "configError") == null);
            assertEquals(Duration.ofSeconds(20), shell.setting("discoveryInterval"));
        }
    }

    @Test
    public void peerStoreReportsBogusTypeAndKeepsWorking() {
        ConfigurationAdmin admin = Osgi.service(context, ConfigurationAdmin.class);
        PeerStore store = Osgi.service(context, PeerStore.class);
        Map<String, Object> described = store.describe();
        try (Shell shell = new Shell(context)) {
            shell.ok("discovery:add /ip4/127.0.0.1/tcp/4001/p2p/" + StaticMechanism.id("before-bogus"));
            long serviceId = Osgi.coordinatorServiceId(context);

            Osgi.configure(admin, Osgi.PEERSTORE_PID, Map.of("type", "bogus"));
            PeerStore current = Await.until("the store reports the bad type", Duration.ofSeconds(5),
                    () -> Osgi.bestStore(context), s -> s.describe().toString().contains("bogus")).value();
            System.out.println("describe() after type=bogus: " + current.describe());
            assertTrue("a reported problem names the key and the value: " + current.describe(),
                    current.describe().values().stream().map(String::valueOf)
                            .anyMatch(v -> v.contains("type") && v.contains("bogus")));
            assertEquals("it keeps its previous kind: " + described + " -> " + current.describe(),
                    kind(described), kind(current.describe()));
            assertTrue("the peer added before is still there",
                    current.get(StaticMechanism.id("before-bogus")).isPresent());
            shell.ok("discovery:add /ip4/127.0.0.1/tcp/4002/p2p/" + StaticMechanism.id("after-bogus"));
            assertTrue("the store takes new peers", current.get(StaticMechanism.id("after-bogus")).isPresent());
            assertEquals("the coordinator did not restart", serviceId, Osgi.coordinatorServiceId(context));
            assertSame("the coordinator still writes to this store", current, Osgi.bestStore(context));
            assertTrue("discovery:status shows the problem: " + shell.status(),
                    shell.status().toString().contains("bogus"));
        }
    }

    /** The kind of store (memory, persistent) a describe() map reports. */
    private static Object kind(Map<String, Object> describe) {
        assertNotNull("describe() reports the store's type: " + describe, describe.get("type"));
        return describe.get("type");
    }
}
