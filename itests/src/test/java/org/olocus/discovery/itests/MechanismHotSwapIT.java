package org.olocus.discovery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.FileInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.olocus.discovery.api.PeerInfo;
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

/**
 * A mechanism is a bundle of its own, installed and removed at run time: the coordinator picks it up at once and
 * stops it when it leaves, and the peers it found stay in the store.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MechanismHotSwapIT {
    private static final String NAME = "hotswap";
    private static final int PEERS = 7;
    private static final String JAR_PROPERTY = "olocus.itests.hotswap.jar";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(OlocusOptions.baseOptions(),
                systemProperty(JAR_PROPERTY).value(MechanismBundles.staticMechanism(NAME, PEERS)));
    }

    @Test
    public void installedMechanismIsRunAndUninstalledOneIsStopped() throws Exception {
        PeerStore store = Osgi.service(context, PeerStore.class);
        List<PeerInfo> expected = StaticMechanism.peers(NAME, PEERS);
        try (Shell shell = new Shell(context)) {
            assertNull("no mechanism runs before the bundle is installed", shell.mechanism(NAME));
            int startsBefore = StaticMechanism.calls(NAME, "start");
            int stopsBefore = StaticMechanism.calls(NAME, "stop");

            Bundle mechanism;
            try (InputStream jar = new FileInputStream(System.getProperty(JAR_PROPERTY))) {
                mechanism = context.installBundle("itest:mechanism-" + NAME, jar);
            }
            assertFalse("the bundle does not embed the api",
                    mechanism.findEntries("org/olocus/discovery/api", "*.class", false) != null);
            mechanism.start();
            Duration took = Await.until("every peer of the new mechanism is in the store", Duration.ofSeconds(1),
                    () -> expected.stream().allMatch(p -> store.get(p.id()).isPresent()));
            System.out.println("peers of a hot-installed mechanism stored after " + took.toMillis() + " ms");
            assertEquals("the coordinator started it once", startsBefore + 1, StaticMechanism.calls(NAME, "start"));
            assertTrue("it announced us", StaticMechanism.calls(NAME, "announceSelf") >= 1);
            assertEquals("running", Osgi.get(shell.mechanism(NAME), "state"));
            PeerInfo stored = store.get(expected.get(0).id()).orElseThrow();
            assertEquals("addresses as the mechanism reported them", expected.get(0).addresses(),
                    stored.addresses());
            assertTrue("the source is recorded: " + stored.sources(),
                    stored.sources().containsAll(expected.get(0).sources()));

            mechanism.uninstall();
            Await.until("the coordinator stopped the mechanism", Duration.ofSeconds(5),
                    () -> StaticMechanism.calls(NAME, "stop") == stopsBefore + 1);
            Await.until("discovery:mechanisms no longer lists it", Duration.ofSeconds(5),
                    () -> shell.mechanism(NAME) == null);
            for (PeerInfo p : expected) {
                assertTrue("peer " + p.id() + " stays after its mechanism left", store.get(p.id()).isPresent());
            }
            assertTrue("discovery:peers still lists them", ((List<?>) shell.ok("discovery:peers")).size() >= PEERS);
        }
    }

    @Test
    public void reinstalledMechanismStartsAgain() throws Exception {
        try (Shell shell = new Shell(context)) {
            for (int i = 0; i < 3; i++) {
                int starts = StaticMechanism.calls(NAME, "start");
                int stops = StaticMechanism.calls(NAME, "stop");
                Bundle b;
                try (InputStream jar = new FileInputStream(System.getProperty(JAR_PROPERTY))) {
                    b = context.installBundle("itest:mechanism-" + NAME + "-" + i, jar);
                }
                b.start();
                Await.until("round " + i + ": started", Duration.ofSeconds(1),
                        () -> StaticMechanism.calls(NAME, "start") == starts + 1 && shell.mechanism(NAME) != null);
                b.stop();
                Await.until("round " + i + ": stopped", Duration.ofSeconds(5),
                        () -> StaticMechanism.calls(NAME, "stop") == stops + 1 && shell.mechanism(NAME) == null);
                b.uninstall();
            }
        }
    }
}
