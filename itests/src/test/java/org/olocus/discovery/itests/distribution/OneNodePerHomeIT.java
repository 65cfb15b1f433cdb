package org.olocus.discovery.itests.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.olocus.discovery.itests.OlocusOptions;

/**
 * One node per home (issue #11): a second {@code bin/olocus} on a home in use is refused naming the running node's
 * pid; {@code --exec} issued while the node is still starting waits for THAT node (one JVM for the home, one
 * listening port) instead of starting a second; two {@code --exec} racing on an idle home both answer; a home at a
 * path too long for a unix socket still serves {@code --exec}; a node killed with -9 leaves nothing that stops the
 * next.
 */
public class OneNodePerHomeIT {
    private static final long START = 120_000;
    private static final Pattern LOOPBACK_PORT = Pattern.compile("/ip4/127\\.0\\.0\\.1/tcp/(\\d+)/p2p/");

    @Test
    public void execWhileTheNodeStartsWaitsForItAndASecondNodeIsRefused() throws Exception {
        try (NodeProcess node = new NodeProcess(distribution(), home("starting"))) {
            node.prepareHome();
            node.launch();
            // Starting = holding the lock, not ready yet. (Launched at the same moment as the node, --exec could
            // take the lock first: then no node was starting and it rightly starts one of its own.)
            node.awaitHomeLocked(START);
            boolean readyBeforeExec = node.readyLine().isPresent();
            NodeProcess.ExecResult early = node.exec("net:id");
            assertFalse("--exec was issued while the node was starting", readyBeforeExec);
            assertEquals(early.output() + "\nnode output:\n" + node.output(), 0, early.exitStatus());
            // A --exec that starts a node prints FileInstall's "Installing bundle" lines; this one started none.
            assertFalse(early.output(), early.output().contains("Installing bundle"));
            String port = port(early.output());

            node.awaitReady(START);
            assertEquals("one JVM for the home: the node", List.of(node.pid()), node.launcherProcesses());
            assertEquals("the early --exec was answered by the node itself (same listening port)", port,
                    port(node.exec("net:id").output()));

            for (String mode : new String[] {"--daemon", null}) {
                NodeProcess.ExecResult second = mode == null ? node.run() : node.run(mode);
                assertNotEquals(second.output(), 0, second.exitStatus());
                assertEquals("one line naming the running node's pid: " + second.output(),
                        "olocus: the home " + node.home() + " is in use by the node with pid " + node.pid()
                                + "; stop it first, or send it commands with --exec", second.output().strip());
            }
            assertEquals(List.of(node.pid()), node.launcherProcesses());
            assertEquals("still the same node", port, port(node.exec("net:id").output()));

            Path socket = node.publishedSocket().orElseThrow();
            assertEquals("exit status after SIGTERM; output: " + node.output(), 0, node.terminate(10_000));
            assertFalse("the socket is removed", Files.exists(socket));
            assertFalse("data/control.path is removed", node.publishedSocket().isPresent());
        }
    }

    @Test
    public void twoExecsRacingOnAnIdleHomeBothAnswer() throws Exception {
        try (NodeProcess home = new NodeProcess(distribution(), home("race"))) {
            home.prepareHome();
            CompletableFuture<NodeProcess.ExecResult> a = execAsync(home, "net:id");
            CompletableFuture<NodeProcess.ExecResult> b = execAsync(home, "net:id");
            for (NodeProcess.ExecResult r : List.of(a.get(240, TimeUnit.SECONDS), b.get(240, TimeUnit.SECONDS))) {
                assertEquals(r.output(), 0, r.exitStatus());
                port(r.output());
                assertFalse(r.output(), r.output().contains("olocus:"));
            }
            assertEquals("the node started for the commands is gone", List.of(), home.launcherProcesses());
            assertFalse(home.publishedSocket().isPresent());
        }
    }

    @Test
    public void aHomeAtALongPathServesExecAndSurvivesAKillNine() throws Exception {
        Path parent = OlocusOptions.target().resolve("long-home-" + System.nanoTime());
        Path home = parent.resolve("x".repeat(Math.max(10, 130 - parent.toString().length())));
        assertTrue(home.toString(), home.toString().length() > 120);
        try (NodeProcess node = new NodeProcess(distribution(), home)) {
            node.prepareHome();
            node.start(START);
            NodeProcess.ExecResult id = node.exec("net:id");
            assertEquals(id.output(), 0, id.exitStatus());
            String port = port(id.output());
            Path socket = node.publishedSocket().orElseThrow();
            assertTrue("a unix socket path has at most 107 bytes: " + socket,
                    socket.toString().getBytes(StandardCharsets.UTF_8).length <= 107);
            assertFalse("not under the home: " + socket, socket.startsWith(home));

            node.kill();
            assertTrue("kill -9 leaves the socket file", Files.exists(socket));
            NodeProcess.ExecResult after = node.exec("net:id");
            assertEquals("the lock died with the node, so --exec starts one: " + after.output(), 0,
                    after.exitStatus());
            assertNotEquals("answered by a new node", port, port(after.output()));
            assertFalse("its node removed the socket when it stopped", Files.exists(socket));
            assertEquals(List.of(), node.launcherProcesses());
        }
    }

    private static CompletableFuture<NodeProcess.ExecResult> execAsync(NodeProcess home, String script) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return home.exec(script);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    private static String port(String netId) {
        Matcher m = LOOPBACK_PORT.matcher(netId);
        assertTrue("no 127.0.0.1 address in net:id: " + netId, m.find());
        return m.group(1);
    }

    private static Path distribution() {
        Path distribution = Path.of(System.getProperty("olocus.itests.distribution"));
        assertTrue("the distribution is packaged at " + distribution,
                Files.isExecutable(distribution.resolve("bin/olocus")));
        return distribution;
    }

    private static Path home(String name) {
        return OlocusOptions.target().resolve("home-" + name + "-" + System.nanoTime());
    }
}
