package org.olocus.discovery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.Multiaddr;
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
import org.osgi.framework.ServiceRegistration;

/** The discovery: commands through Gogo's CommandProcessor: what they return is what the store holds. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return OlocusOptions.baseOptions();
    }

    @Test
    public void addPeerPeersClosestRemove() {
        PeerStore store = Osgi.service(context, PeerStore.class);
        try (Shell shell = new Shell(context)) {
            for (int i = 0; i < 12; i++) {
                PeerId id = StaticMechanism.id("shell#" + i);
                Object added = shell.ok("discovery:add /ip4/127.0.0.1/tcp/" + (4001 + i) + "/p2p/" + id);
                PeerInfo info = (PeerInfo) added;
                assertEquals(id, info.id());
                assertEquals(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + (4001 + i))), info.addresses());
                assertEquals("add returns what the store holds", store.get(id).orElseThrow(), info);
            }
            PeerId first = StaticMechanism.id("shell#0");

            List<?> peers = (List<?>) shell.ok("discovery:peers");
            assertEquals("peers lists the store", store.size(), peers.size());
            assertEquals(store.all().stream().map(PeerInfo::id).collect(Collectors.toSet()),
                    peers.stream().map(p -> ((PeerInfo) p).id()).collect(Collectors.toSet()));

            assertEquals("peer shows the stored record", store.get(first).orElseThrow(),
                    shell.ok("discovery:peer " + first));
            assertEquals("a CID form of the id works too", store.get(first).orElseThrow(),
                    shell.ok("discovery:peer " + first.toCid()));

            List<?> closest = (List<?>) shell.ok("discovery:closest " + first + " 5");
            List<PeerInfo> expected = store.closest(first.kadKey(), 5);
            assertEquals(5, closest.size());
            assertEquals("closest is the store's XOR order", expected,
                    closest.stream().map(c -> (PeerInfo) Osgi.get(c, "peer")).collect(Collectors.toList()));
            assertEquals("the peer itself is closest, sharing all 256 bits", 256, Osgi.get(closest.get(0),
                    "commonPrefixBits"));

            assertEquals("removed " + first, shell.ok("discovery:remove " + first));
            assertFalse("remove took it out of the store", store.get(first).isPresent());
            assertEquals(peers.size() - 1, ((List<?>) shell.ok("discovery:peers")).size());
            assertOneLineError(shell.failure("discovery:remove " + first), "no peer");
            assertOneLineError(shell.failure("discovery:peer " + first), "no peer");
        }
    }

    @Test
    public void mechanismsStatusDiscover() {
        PeerStore store = Osgi.service(context, PeerStore.class);
        LocalPeer local = Osgi.service(context, LocalPeer.class);
        ServiceRegistration<DiscoveryMechanism> reg = context.registerService(DiscoveryMechanism.class,
                StaticMechanism.of("shellmech", 3), null);
        try (Shell shell = new Shell(context)) {
            // Listed as soon as the coordinator binds it; started (active) a moment later, on its own thread.
            Await.until("the mechanism is listed and started", Osgi.SERVICE_TIMEOUT,
                    () -> shell.mechanism("shellmech") != null
                            && Boolean.TRUE.equals(Osgi.get(shell.mechanism("shellmech"), "active")));
            Object m = shell.mechanism("shellmech");
            assertEquals("BOOTSTRAP", Osgi.get(m, "type"));
            assertEquals(Boolean.TRUE, Osgi.get(m, "active"));

            long rounds = shell.counter("shellmech", "rounds");
            Map<?, ?> result = (Map<?, ?>) shell.ok("discovery:discover");
            assertEquals("discover reports what it stored per mechanism: " + result, 3, result.get("shellmech"));
            assertEquals("one more round", rounds + 1, shell.counter("shellmech", "rounds"));
            assertEquals(Map.of("shellmech", 3), shell.ok("discovery:discover shellmech"));
            for (PeerInfo p : StaticMechanism.peers("shellmech", 3)) {
                assertTrue("discovered " + p.id(), store.get(p.id()).isPresent());
            }
            assertOneLineError(shell.failure("discovery:discover nosuch"), "nosuch");

            Object status = shell.status();
            assertEquals("status shows our identity", local.peerId(), Osgi.get(status, "identity"));
            assertEquals("status counts the store's peers", store.size(), Osgi.get(status, "peers"));
            assertTrue("status lists the mechanism: " + status, status.toString().contains("shellmech"));
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void badArgumentsFailWithOneLineMessages() {
        PeerStore store = Osgi.service(context, PeerStore.class);
        try (Shell shell = new Shell(context)) {
            int size = store.size();
            assertOneLineError(shell.failure("discovery:add /ip4/999.1.1.1/tcp/1"), "999.1.1.1");
            assertOneLineError(shell.failure("discovery:add /ip4/127.0.0.1/tcp/1"), "/p2p");
            assertOneLineError(shell.failure("discovery:add /bogus/1"), "bogus");
            assertOneLineError(shell.failure("discovery:peer notapeerid"), "notapeerid");
            assertOneLineError(shell.failure("discovery:closest zz 5"), "zz");
            assertOneLineError(shell.failure("discovery:closest " + StaticMechanism.id("x") + " 0"), "count");
            PeerId self = Osgi.service(context, LocalPeer.class).peerId();
            assertOneLineError(shell.failure("discovery:add /ip4/127.0.0.1/tcp/1/p2p/" + self), "this node");
            assertEquals("nothing was stored by the failed commands", size, store.size());
        }
    }

    private static void assertOneLineError(Exception e, String mustName) {
        String message = e.getMessage();
        assertTrue("a message for " + e, message != null && !message.isBlank());
        assertFalse("one line: '" + message + "'", message.contains("\n"));
        assertTrue("'" + message + "' names " + mustName, message.contains(mustName));
        assertTrue("an argument error, not an internal one: " + e, e instanceof IllegalArgumentException);
    }
}
