package org.olocus.discovery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Every bundle resolves and starts; every component of ours is active; the services they promise are there. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundlesResolveIT {
    private static final List<String> OUR_BUNDLES = List.of("org.olocus.discovery.api",
            "org.olocus.discovery.peerstore", "org.olocus.discovery.coordinator");

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return OlocusOptions.baseOptions();
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            // slf4j-simple is installed without start: it only provides org.slf4j.impl to slf4j-api
            boolean libraryOnly = "slf4j.simple".equals(b.getSymbolicName());
            int expected = fragment || libraryOnly ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                notActive.add(b.getSymbolicName() + " state=" + b.getState());
            }
        }
        assertTrue("bundles not in their expected state: " + notActive, notActive.isEmpty());
        for (String bsn : OUR_BUNDLES) {
            assertEquals(bsn + " is active", Bundle.ACTIVE, Osgi.bundle(context, bsn).getState());
        }
    }

    @Test
    public void everyComponentOfOursIsActive() {
        // DiscoveryCommands is a delayed component: it is ACTIVE while someone holds its service (the shell gets
        // it per command and lets go after), so hold it during the check
        ServiceReference<?> commands = Osgi.awaitReference(context, null, "(osgi.command.scope=discovery)");
        assertNotNull(context.getService(commands));
        try {
            assertComponentsActive();
        } finally {
            context.ungetService(commands);
        }
    }

    private void assertComponentsActive() {
        ServiceComponentRuntime scr = Osgi.service(context, ServiceComponentRuntime.class);
        Set<String> checked = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String bsn : List.of("org.olocus.discovery.peerstore", "org.olocus.discovery.coordinator")) {
            Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs(
                    Osgi.bundle(context, bsn));
            assertTrue(bsn + " declares components", !descriptions.isEmpty());
            for (ComponentDescriptionDTO d : descriptions) {
                Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(d);
                if (configs.isEmpty() && "require".equals(d.configurationPolicy)) {
                    continue; // a factory-configured component (the extra peer store) with no configuration yet
                }
                checked.add(d.name);
                if (!scr.isComponentEnabled(d)) {
                    problems.add(d.name + " is disabled");
                }
                if (configs.stream().noneMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE)) {
                    problems.add(d.name + " has no ACTIVE configuration: " + describe(configs));
                }
            }
        }
        assertTrue("inactive components: " + problems, problems.isEmpty());
        for (String expected : List.of("org.olocus.discovery.coordinator.internal.Coordinator",
                "org.olocus.discovery.coordinator.internal.DiscoveryCommands",
                "org.olocus.discovery.coordinator.internal.LocalPeerComponent")) {
            assertTrue(expected + " was checked (found " + checked + ")", checked.contains(expected));
        }
        assertTrue("the peer store bundle has an active component: " + checked,
                checked.stream().anyMatch(n -> n.startsWith("org.olocus.discovery.peerstore")));
    }

    @Test
    public void localPeerPeerStoreAndCommandsAreRegistered() {
        LocalPeer local = Osgi.service(context, LocalPeer.class);
        assertTrue("an Ed25519 peer id: " + local.peerId(), local.peerId().toBase58().startsWith("12D3KooW"));
        assertTrue("the public key matches the id", local.peerId().matches(local.publicKey()));
        byte[] message = "itest".getBytes();
        assertTrue("LocalPeer signs verifiably", local.publicKey().verify(message, local.sign(message)));

        PeerStore store = Osgi.service(context, PeerStore.class);
        assertNotNull(store.limits());
        assertNotNull("the store describes itself", store.describe());

        ServiceReference<?> commands = Osgi.awaitReference(context, null, "(osgi.command.scope=discovery)");
        Object functions = commands.getProperty("osgi.command.function");
        List<String> names = functions instanceof String[] a ? Arrays.asList(a) : List.of(String.valueOf(functions));
        assertTrue("all discovery commands are registered: " + names, names.containsAll(List.of("peers", "peer",
                "closest", "mechanisms", "discover", "add", "remove", "status")));
    }

    private static String describe(Collection<ComponentConfigurationDTO> configs) {
        List<String> out = new ArrayList<>();
        for (ComponentConfigurationDTO c : configs) {
            List<String> unsatisfied = new ArrayList<>();
            Arrays.stream(c.unsatisfiedReferences).forEach(r -> unsatisfied.add(r.name + " " + r.target));
            out.add("state=" + c.state + (unsatisfied.isEmpty() ? "" : " unsatisfied=" + unsatisfied)
                    + (c.failure == null ? "" : " failure=" + c.failure));
        }
        return out.isEmpty() ? "no configurations" : out.toString();
    }
}
