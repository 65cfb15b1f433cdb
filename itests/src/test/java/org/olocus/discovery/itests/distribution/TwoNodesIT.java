package org.olocus.discovery.itests.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.olocus.discovery.itests.OlocusOptions;

/**
 * Two packaged nodes on 127.0.0.1 find each other over libp2p: {@code net:connect} from one to the other's
 * address, then each node's peer store holds the other as CONNECTED (the coordinator follows the host's events),
 * with the protocols identify reported, {@code net:ping} answers, and {@code net:disconnect} leaves the peer stored
 * but DISCONNECTED.
 */
public class TwoNodesIT {
    private static final long WAIT = 30_000;
    private static final Pattern LOOPBACK_ADDRESS = Pattern.compile("/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/(\\w+)");

    @Test
    public void nodesConnectIdentifyAndReachEachOthersStore() throws Exception {
        Path distribution = Path.of(System.getProperty("olocus.itests.distribution"));
        assertTrue("the distribution is packaged at " + distribution, Files.isExecutable(distribution.resolve("bin/olocus")));
        Path target = OlocusOptions.target();
        try (NodeProcess alice = new NodeProcess(distribution, target.resolve("alice-" + System.nanoTime()));
             NodeProcess bob = new NodeProcess(distribution, target.resolve("bob-" + System.nanoTime()))) {
            alice.prepareHome();
            bob.prepareHome();
            // This test connects by hand: the dialler would otherwise connect them first over mDNS on loopback.
            for (NodeProcess node : new NodeProcess[] {alice, bob}) {
                Files.writeString(node.home().resolve("etc/org.olocus.discovery.coordinator.cfg"),
                        "target_connections = 0\n");
            }
            alice.start(60_000);
            bob.start(60_000);
            Matcher bobAddress = address(bob.awaitExec(WAIT, "net:id", out -> LOOPBACK_ADDRESS.matcher(out).find()));
            String bobId = bobAddress.group(1);
            String aliceId = address(alice.awaitExec(WAIT, "net:id", out -> LOOPBACK_ADDRESS.matcher(out).find()))
                    .group(1);

            NodeProcess.ExecResult connect = alice.exec("net:connect " + bobAddress.group());
            assertEquals(connect.output(), 0, connect.exitStatus());
            assertTrue(connect.output(), connect.output().contains(bobId));

            // identify tells each side the other's protocols; the coordinator stores them with the state
            alice.awaitExec(WAIT, "discovery:peer " + bobId, out -> out.contains("CONNECTED")
                    && out.contains("OUTBOUND") && out.contains("/ipfs/ping/1.0.0") && out.contains("TRANSPORT"));
            bob.awaitExec(WAIT, "discovery:peer " + aliceId, out -> out.contains("CONNECTED")
                    && out.contains("INBOUND") && out.contains("/ipfs/id/1.0.0"));
            bob.awaitExec(WAIT, "net:connections", out -> out.contains(aliceId));

            NodeProcess.ExecResult ping = bob.exec("net:ping " + aliceId + " 2");
            assertEquals(ping.output(), 0, ping.exitStatus());

            NodeProcess.ExecResult disconnect = alice.exec("net:disconnect " + bobId);
            assertEquals(disconnect.output(), 0, disconnect.exitStatus());
            alice.awaitExec(WAIT, "discovery:peer " + bobId, out -> out.contains("DISCONNECTED"));
            bob.awaitExec(WAIT, "discovery:peer " + aliceId, out -> out.contains("DISCONNECTED"));

            NodeProcess.ExecResult bad = alice.exec("net:connect /ip4/127.0.0.1/tcp/notaport");
            assertEquals(bad.output(), 1, bad.exitStatus());

            assertEquals("alice exit status; output: " + alice.output(), 0, alice.terminate(10_000));
            assertEquals("bob exit status; output: " + bob.output(), 0, bob.terminate(10_000));
        }
    }

    private static Matcher address(String netId) {
        Matcher m = LOOPBACK_ADDRESS.matcher(netId);
        assertTrue("no 127.0.0.1 address in net:id: " + netId, m.find());
        return m;
    }
}
