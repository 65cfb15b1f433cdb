package org.olocus.discovery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerStore;
import org.olocus.discovery.itests.mechanism.MisbehavingMechanism;
import org.olocus.discovery.itests.mechanism.MisbehavingMechanism.Fault;
import org.olocus.discovery.itests.mechanism.StaticMechanism;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Mechanisms that block, never answer or throw harm only themselves: a good mechanism installed beside them
 * delivers its peers at once, and the coordinator counts the bad ones' timeouts and failures.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IsolationIT {
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<MisbehavingMechanism> bad = new ArrayList<>();

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return OlocusOptions.baseOptions();
    }

    @After
    public void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
        bad.forEach(MisbehavingMechanism::release);
    }

    @Test
    public void goodMechanismIsNotHeldUpByBadOnes() {
        ConfigurationAdmin admin = Osgi.service(context, ConfigurationAdmin.class);
        PeerStore store = Osgi.service(context, PeerStore.class);
        try (Shell shell = new Shell(context)) {
            Osgi.configure(admin, Osgi.COORDINATOR_PID, Map.of("query_timeout", 1L));
            Await.until("query_timeout=1 is applied", Duration.ofSeconds(5),
                    () -> Duration.ofSeconds(1).equals(shell.setting("queryTimeout")));

            register(new MisbehavingMechanism("blocking", Fault.BLOCKS));
            register(new MisbehavingMechanism("silent", Fault.NEVER_COMPLETES));
            register(new MisbehavingMechanism("throwing", Fault.THROWS));
            Await.until("the bad mechanisms' first rounds are under way", Duration.ofSeconds(2),
                    () -> StaticMechanism.calls("blocking", "discoverPeers") >= 1
                            && StaticMechanism.calls("silent", "discoverPeers") >= 1
                            && StaticMechanism.calls("throwing", "discoverPeers") >= 1);

            List<PeerInfo> expected = StaticMechanism.peers("good", 5);
            long registered = System.nanoTime();
            registrations.add(context.registerService(DiscoveryMechanism.class,
                    new StaticMechanism("good", expected), null));
            Await.until("the good mechanism's peers are stored", Duration.ofSeconds(1),
                    () -> expected.stream().allMatch(p -> store.get(p.id()).isPresent()));
            System.out.println("good peers stored " + (System.nanoTime() - registered) / 1_000_000
                    + " ms after registration, beside three bad mechanisms");

            Await.until("the blocking mechanism's round timed out", Duration.ofSeconds(3),
                    () -> shell.counter("blocking", "timeouts") >= 1);
            Await.until("the silent mechanism's round timed out", Duration.ofSeconds(3),
                    () -> shell.counter("silent", "timeouts") >= 1);
            Await.until("the throwing mechanism's failure is counted", Duration.ofSeconds(3),
                    () -> shell.counter("throwing", "failures") >= 1);
            Await.until("the blocked thread was interrupted at the deadline", Duration.ofSeconds(3),
                    () -> StaticMechanism.calls("blocking", "interrupted") >= 1);
            assertEquals("the good mechanism has no failures", 0, shell.counter("good", "failures"));
            assertEquals("the good mechanism has no timeouts", 0, shell.counter("good", "timeouts"));
            assertTrue("the error is shown: " + Osgi.get(shell.mechanism("throwing"), "lastError"),
                    String.valueOf(Osgi.get(shell.mechanism("throwing"), "lastError")).contains("broken on purpose"));

            // A round run on demand completes within query_timeout (+ slack), whatever the bad ones do.
            long t0 = System.nanoTime();
            Map<String, Integer> round = shell.discover();
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue("discover answered in " + tookMs + " ms", tookMs < 3_000);
            assertEquals("good stored its peers in the round: " + round, Integer.valueOf(5), round.get("good"));
            assertEquals("blocking gave nothing: " + round, Integer.valueOf(0), round.get("blocking"));
            assertEquals("throwing gave nothing: " + round, Integer.valueOf(0), round.get("throwing"));
            assertTrue("more timeouts counted after the round",
                    shell.counter("silent", "timeouts") >= 2 && shell.counter("blocking", "timeouts") >= 2);
            String status = shell.status().toString();
            assertTrue("discovery:status shows the timeouts and failures: " + status,
                    status.matches("(?s).*silent .*timeouts=[1-9].*")
                            && status.matches("(?s).*throwing .*failures=[1-9].*"));
        }
    }

    private void register(MisbehavingMechanism m) {
        bad.add(m);
        registrations.add(context.registerService(DiscoveryMechanism.class, m, null));
    }
}
