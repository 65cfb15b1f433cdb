package org.olocus.discovery.transport.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The js-libp2p fixture node ({@code js-fixture/transport-node.mjs}) as a child process: its stdout lines are
 * collected (and echoed to stderr) so a test can wait for one, commands go to its stdin, and {@link #close}
 * stops it by its pid.
 */
public final class JsPeerProcess implements AutoCloseable {
    static final Path FIXTURE = Path.of("src/test/resources/js-fixture").toAbsolutePath();
    static final Path NODE = FIXTURE.resolve("node_modules/.bin/node");

    private final Process process;
    private final OutputStream stdin;
    private final List<String> lines = new ArrayList<>();

    private JsPeerProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::read, "js-peer-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Fails (CI=true) or skips loudly (locally) when the fixture is not installed by {@code .ci/setup-transport.sh}.
     */
    static void requireFixture() {
        if (Files.isExecutable(NODE) && Files.isDirectory(FIXTURE.resolve("node_modules/libp2p"))) {
            return;
        }
        String message = "js-libp2p fixture missing at " + FIXTURE + ": run `bash .ci/setup-transport.sh`";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        System.err.println("SKIPPING js-libp2p interop tests: " + message);
        Assumptions.abort(message);
    }

    /** Starts the node with identity seed {@code seed}. */
    static JsPeerProcess start(int seed) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(NODE.toString(), FIXTURE.resolve("transport-node.mjs").toString(),
                Integer.toString(seed)).directory(FIXTURE.toFile());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new JsPeerProcess(pb.start());
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.err.println("[js " + process.pid() + "] " + line);
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Sends one command line. */
    public synchronized void send(String command) throws IOException {
        stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Waits for a line matching {@code which} that arrived at or after line {@code from}. */
    public synchronized String await(int from, Predicate<String> which, Duration timeout, String what)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (int seen = from; ; ) {
            for (; seen < lines.size(); seen++) {
                if (which.test(lines.get(seen))) {
                    return lines.get(seen);
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0 || !process.isAlive() && seen == lines.size()) {
                throw new AssertionError("js peer: no " + what + " within " + timeout.toSeconds() + " s; output: "
                        + lines);
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 200)));
        }
    }

    /** Lines seen so far (a mark for {@link #await}). */
    public synchronized int mark() {
        return lines.size();
    }

    @Override
    public void close() throws InterruptedException {
        ProcessHandle handle = process.toHandle();
        handle.destroy(); // SIGTERM to this pid
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            handle.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
