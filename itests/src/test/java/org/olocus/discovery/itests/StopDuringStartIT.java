package org.olocus.discovery.itests;

import static org.junit.Assert.assertEquals;

import java.time.Duration;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.itests.mechanism.SlowStartMechanism;
import org.olocus.discovery.itests.mechanism.StaticMechanism;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A mechanism whose start() is still under way when the coordinator lets go of it (the coordinator stops, or the
 * mechanism's service leaves) must still be stopped: whatever start() opened would otherwise stay open.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class StopDuringStartIT {
    private static final long START_MILLIS = 500;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return OlocusOptions.baseOptions();
    }

    @Test
    public void coordinatorStoppingDuringStartStopsTheMechanism() throws Exception {
        Osgi.coordinatorServiceId(context);
        ServiceRegistration<DiscoveryMechanism> reg = context.registerService(DiscoveryMechanism.class,
                new SlowStartMechanism("slow-a", START_MILLIS), null);
        Bundle coordinator = Osgi.bundle(context, "org.olocus.discovery.coordinator");
        try {
            Await.until("the coordinator called start()", Duration.ofSeconds(2),
                    () -> StaticMechanism.calls("slow-a", "start") == 1);
            coordinator.stop();
            Await.until("start() completed", Duration.ofSeconds(2),
                    () -> StaticMechanism.calls("slow-a", "started") == 1);
            Await.until("the stopped coordinator called stop() on the mechanism it had started",
                    Duration.ofSeconds(3), () -> StaticMechanism.calls("slow-a", "stop") == 1);
        } finally {
            coordinator.start();
            reg.unregister();
        }
    }

    @Test
    public void mechanismLeavingDuringStartIsStopped() {
        Osgi.coordinatorServiceId(context);
        ServiceRegistration<DiscoveryMechanism> reg = context.registerService(DiscoveryMechanism.class,
                new SlowStartMechanism("slow-b", START_MILLIS), null);
        Await.until("the coordinator called start()", Duration.ofSeconds(2),
                () -> StaticMechanism.calls("slow-b", "start") == 1);
        reg.unregister();
        Await.until("start() completed", Duration.ofSeconds(2),
                () -> StaticMechanism.calls("slow-b", "started") == 1);
        Await.until("the coordinator called stop() on the mechanism that left", Duration.ofSeconds(3),
                () -> StaticMechanism.calls("slow-b", "stop") == 1);
        try (Shell shell = new Shell(context)) {
            assertEquals("and no longer lists it", null, shell.mechanism("slow-b"));
        }
    }
}
