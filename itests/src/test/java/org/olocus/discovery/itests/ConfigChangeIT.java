package org.olocus.discovery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.api.PeerStore;
import org.olocus.discovery.itests.mechanism.StaticMechanism;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Configuration edits apply live: no component restarts, the new values take effect. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ConfigChangeIT {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return OlocusOptions.baseOptions();
    }

    @Test
    public void discoveryIntervalChangesWithoutRestart() {
        ConfigurationAdmin admin = Osgi.service(context, ConfigurationAdmin.class);
        try (Shell shell = new Shell(context)) {
            Osgi.configure(admin, Osgi.COORDINATOR_PID, Map.of("discovery_interval", 60L));
            Await.until("discovery_interval=60 applied", Duration.ofSeconds(5),
                    () -> Duration.ofSeconds(60).equals(shell.setting("discoveryInterval")));
            long serviceId = Osgi.coordinatorServiceId(context);
            long componentId = coordinatorConfigurationId();

            ServiceRegistration<DiscoveryMechanism> reg = context.registerService(DiscoveryMechanism.class,
                    StaticMechanism.of("ticker", 2), null);
            try {
                Await.until("the first round ran", Duration.ofSeconds(2), () -> shell.counter("ticker", "rounds") == 1);
                Await.during("no second round within 1.5 s at a 60 s interval", Duration.ofMillis(1500),
                        () -> shell.counter("ticker", "rounds") == 1);

                Osgi.configure(admin, Osgi.COORDINATOR_PID, Map.of("discovery_interval", 1L));
                Await.until("rounds come every second", Duration.ofSeconds(6),
                        () -> shell.counter("ticker", "rounds") >= 4);
                assertEquals(Duration.ofSeconds(1), shell.setting("discoveryInterval"));
                assertEquals("the same coordinator service", serviceId, Osgi.coordinatorServiceId(context));
                assertEquals("the same component configuration (not reactivated)", componentId,
                        coordinatorConfigurationId());
                assertEquals("the mechanism was started once", 1, StaticMechanism.calls("ticker", "start"));
                assertEquals("and never stopped", 0, StaticMechanism.calls("ticker", "stop"));
            } finally {
                reg.unregister();
            }
        }
    }

    @Test
    public void peerStoreLimitsChangeLive() {
        ConfigurationAdmin admin = Osgi.service(context, ConfigurationAdmin.class);
        PeerStore store = Osgi.service(context, PeerStore.class);
        assertTrue("the default allows more than 10 peers: " + store.limits(), store.limits().maxPeers() > 10);
        try (Shell shell = new Shell(context)) {
            for (int i = 0; i < 5; i++) {
                shell.ok(addCommand(i));
            }
            long serviceId = Osgi.coordinatorServiceId(context);

            Osgi.configure(admin, Osgi.PEERSTORE_PID, Map.of("max_peers", 10, "max_inbound", 4, "max_outbound", 6));
            PeerStore current = Await.until("max_peers=10 applied", Duration.ofSeconds(5),
                    () -> Osgi.bestStore(context), s -> s.limits().maxPeers() == 10).value();
            assertEquals(4, current.limits().maxInbound());
            assertEquals(6, current.limits().maxOutbound());
            assertEquals("discovery:status shows the new limit", 10,
                    ((PeerLimits) Osgi.get(shell.status(), "limits")).maxPeers());
            for (int i = 0; i < 5; i++) {
                assertTrue("peer " + i + " survived the change", current.get(id(i)).isPresent());
            }
            assertEquals("the coordinator was not restarted", serviceId, Osgi.coordinatorServiceId(context));

            for (int i = 5; i < 20; i++) {
                shell.ok(addCommand(i));
                assertTrue("the store holds at most 10 peers, not " + current.size(), current.size() <= 10);
            }
            assertTrue("the newest peer was taken in (a stale one evicted)", current.get(id(19)).isPresent());
        }
    }

    private static PeerId id(int i) {
        return StaticMechanism.id("limits#" + i);
    }

    private static String addCommand(int i) {
        return "discovery:add /ip4/127.0.0.1/tcp/" + (4000 + i) + "/p2p/" + id(i);
    }

    private long coordinatorConfigurationId() {
        ServiceComponentRuntime scr = Osgi.service(context, ServiceComponentRuntime.class);
        ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(
                Osgi.bundle(context, "org.olocus.discovery.coordinator"), Osgi.COORDINATOR_CLASS);
        ComponentConfigurationDTO c = scr.getComponentConfigurationDTOs(d).stream()
                .filter(x -> x.state == ComponentConfigurationDTO.ACTIVE).findFirst()
                .orElseThrow(() -> new AssertionError("the coordinator is not active"));
        return c.id;
    }
}
