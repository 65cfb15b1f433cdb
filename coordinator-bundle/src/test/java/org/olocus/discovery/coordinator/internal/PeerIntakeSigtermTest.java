package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.peerstore.internal.PersistentPeerStore;

/**
 * SIGTERM in the middle of a burst of store updates: the intake's stop drains what it accepted into the store
 * and never interrupts the store's disk I/O, so every accepted update is in the file afterwards and the file
 * opens clean. Same approach as peerstore-bundle's {@code PersistentPeerStoreKillTest}: a child JVM
 * ({@link IntakeStopChild}) that prints what it was told was accepted.
 */
class PeerIntakeSigtermTest {
    private static final int BURST = 10_000;
    private static final int SIGNAL_AFTER_ACCEPTED = 2_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void sigtermDuringABurstKeepsEveryAcceptedUpdateAndLeavesTheFileIntact() throws Exception {
        Path file = dir.resolve("peers.mv");
        Path childLog = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), IntakeStopChild.class.getName(),
                file.toString(), Integer.toString(BURST))
                .redirectError(childLog.toFile())
                .start();
        List<PeerId> accepted = new ArrayList<>();
        int acceptedAtSignal = -1;
        String stopped = "no stop line";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && (parts[0].equals("accepted") || parts[0].equals("added"))) {
                    accepted.add(PeerId.fromString(parts[2]));
                } else if (line.startsWith("stopped in")) {
                    stopped = line;
                }
                if (acceptedAtSignal < 0 && accepted.size() >= SIGNAL_AFTER_ACCEPTED) {
                    acceptedAtSignal = accepted.size();
                    // SIGTERM, as Process.destroy() sends it, but through the handle: Process.destroy() also closes
                    // our end of the child's output, which is still to be read.
                    child.toHandle().destroy();
                }
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exits after SIGTERM");
        assertTrue(acceptedAtSignal > 0, () -> "the child stopped before the signal; see " + childLog);

        try (PersistentPeerStore store = PersistentPeerStore.open(file, new PeerLimits(1_000_000, 10, 10))) {
            List<PeerId> missing = accepted.stream().filter(id -> store.get(id).isEmpty()).toList();
            System.out.printf("SIGTERM after %,d accepted updates; %,d accepted in all, %,d of them in the file, "
                    + "%,d peers stored; child %s%n", acceptedAtSignal, accepted.size(),
                    accepted.size() - missing.size(), store.size(), stopped);
            assertEquals(List.of(), missing, "accepted updates missing from the file");
            assertFalse(store.describe().containsKey("problems"), store.describe().toString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().contains(".corrupt-")).toList(),
                    "no file was moved aside as corrupt");
        }
    }
}
