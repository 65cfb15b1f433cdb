package org.olocus.discovery.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeLockTest {
    private static final String OUR_PID = Long.toString(ProcessHandle.current().pid());

    @Test
    void aSecondTakeInTheSameProcessIsRefusedNamingOurPid(@TempDir Path home) throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        try (HomeLock lock = HomeLock.take(data)) {
            HomeInUseException e = assertThrows(HomeInUseException.class, () -> HomeLock.take(data));
            assertEquals(OUR_PID, e.pid());
            assertEquals("the home " + home + " is in use by the node with pid " + OUR_PID, e.getMessage());
        }
        HomeLock.take(data).close(); // released
    }

    @Test
    void anotherProcessHoldingTheHomeIsNamedByPidAndItsKillReleasesIt(@TempDir Path home) throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        Process holder = startHolder(data);
        try {
            HomeInUseException e = assertThrows(HomeInUseException.class, () -> HomeLock.take(data));
            assertEquals(Long.toString(holder.pid()), e.pid());
            assertTrue(e.getMessage().endsWith("pid " + holder.pid()), e.getMessage());
        } finally {
            holder.destroyForcibly(); // kill -9: the OS releases the lock
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (HomeLock lock = HomeLock.take(data)) {
            // only now read the file: a holder must not open it twice (POSIX drops the lock on close)
            assertTrue(lock != null);
        }
        assertEquals(OUR_PID, Files.readString(data.resolve(HomeLock.FILE)).trim(), "the pid is ours, not the dead one's");
    }

    /** A child JVM that takes the lock, says so, and waits to be killed. */
    private static Process startHolder(Path data) throws IOException, URISyntaxException {
        String classPath = location(HomeLock.class) + java.io.File.pathSeparator + location(HomeLockHolder.class);
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, HomeLockHolder.class.getName(), data.toString())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // blocks until the child has the lock, or ends
        if (!"locked".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("the lock holder said: " + line);
        }
        return p;
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
