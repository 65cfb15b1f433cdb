package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerLimits;

/** Every add that returned survives a SIGKILL of the process that made it. */
class PersistentPeerStoreKillTest {
    private static final int COMMITTED_BEFORE_KILL = 500;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killDashNineLosesNothingThatReturned() throws Exception {
        Path file = dir.resolve("peers.mv");
        Path childLog = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), PersistentStoreWriter.class.getName(),
                file.toString(), "1000000")
                .redirectError(childLog.toFile())
                .start();
        List<PeerId> committed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (committed.size() < COMMITTED_BEFORE_KILL && (line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("committed")) {
                    committed.add(PeerId.fromString(parts[2]));
                }
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(COMMITTED_BEFORE_KILL, committed.size(), () -> "child output ended early; see " + childLog);
        assertTrue(child.exitValue() != 0, "the child was killed, it did not finish");

        try (PersistentPeerStore store = PersistentPeerStore.open(file, new PeerLimits(2_000_000, 10, 10))) {
            List<PeerId> missing = committed.stream().filter(id -> store.get(id).isEmpty()).toList();
            assertEquals(List.of(), missing, "peers whose add returned before the kill");
            assertTrue(store.size() >= COMMITTED_BEFORE_KILL);
            assertTrue(!store.describe().containsKey("problems"), store.describe().toString());
        }
    }
}
