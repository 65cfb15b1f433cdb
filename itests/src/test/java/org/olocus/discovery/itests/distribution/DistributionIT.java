package org.olocus.discovery.itests.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.Test;
import org.olocus.discovery.itests.MechanismBundles;
import org.olocus.discovery.itests.OlocusOptions;
import org.olocus.discovery.itests.mechanism.StaticMechanism;

/**
 * The packaged node as an operator uses it: {@code bin/olocus --daemon}, a mechanism bundle dropped into and
 * removed from {@code deploy/}, {@code etc/} edits applied live (and bad ones reported with file and key),
 * commands through {@code --exec}, and SIGTERM ending in exit status 0.
 */
public class DistributionIT {
    private static final long WAIT = 20_000;

    @Test
    public void hotDeployLiveConfigAndCleanShutdown() throws Exception {
        Path distribution = Path.of(System.getProperty("olocus.itests.distribution"));
        assertTrue("the distribution is packaged at " + distribution, Files.isExecutable(distribution.resolve("bin/olocus")));
        Path home = OlocusOptions.target().resolve("node-home-" + System.nanoTime());
        try (NodeProcess node = new NodeProcess(distribution, home)) {
            node.prepareHome();
            String ready = node.start(60_000);
            assertTrue(ready, ready.contains("12D3KooW"));

            Path jar = home.resolve("deploy/mechanism-deployed.jar");
            Files.copy(Path.of(MechanismBundles.staticMechanism("deployed", 3)), jar, StandardCopyOption.REPLACE_EXISTING);
            String id = StaticMechanism.peers("deployed", 3).get(2).id().toString();
            node.awaitExec(WAIT, "discovery:mechanisms", out -> out.contains("deployed"));
            node.awaitExec(WAIT, "discovery:peer " + id, out -> out.contains(id));

            Files.delete(jar);
            node.awaitExec(WAIT, "discovery:mechanisms", out -> !out.contains("deployed"));
            NodeProcess.ExecResult peer = node.exec("discovery:peer " + id);
            assertEquals(peer.output(), 0, peer.exitStatus());

            Path cfg = home.resolve("etc/org.olocus.discovery.coordinator.cfg");
            Files.writeString(cfg, "discovery_interval = 7\n");
            node.awaitExec(WAIT, "discovery:status", out -> out.contains("discovery_interval=7 "));

            Files.writeString(cfg, "discovery_interval = -5\ndiscovery_intervall = 3\n");
            String status = node.awaitExec(WAIT, "discovery:status", out -> out.contains("CONFIG ERROR")
                    && out.contains("unknown key 'discovery_intervall'"));
            assertTrue(status, status.contains("discovery_interval=-5"));
            assertTrue(status, status.contains("etc/org.olocus.discovery.coordinator.cfg"));
            assertTrue("the last good value is kept: " + status, status.contains("discovery_interval=7 "));

            NodeProcess.ExecResult bad = node.exec("discovery:add /ip4/1.2.3.4/tcp/99999/p2p/" + id);
            assertEquals(bad.output(), 1, bad.exitStatus());
            assertTrue(bad.output(), bad.output().contains("port 99999 exceeds 65535"));

            Path socket = node.publishedSocket().orElseThrow();
            long t0 = System.nanoTime();
            assertEquals("exit status after SIGTERM; output: " + node.output(), 0, node.terminate(5_000));
            assertTrue((System.nanoTime() - t0) < 5_000_000_000L);
            assertFalse("the control socket is removed", Files.exists(socket));
            assertFalse("data/control.path is removed", node.publishedSocket().isPresent());
        }
    }
}
