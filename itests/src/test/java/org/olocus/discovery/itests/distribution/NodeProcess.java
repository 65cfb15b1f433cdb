package org.olocus.discovery.itests.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A node of the packaged distribution, run as {@code bin/olocus --home <home> --daemon} in a child process. */
final class NodeProcess implements AutoCloseable {
    /** What {@code bin/olocus --exec} printed and returned. */
    record ExecResult(int exitStatus, String output) {
    }

    private final Path distribution;
    private final Path home;
    private final Path console;
    private Process process;

    NodeProcess(Path distribution, Path home) {
        this.distribution = distribution;
        this.home = home;
        this.console = home.resolveSibling(home.getFileName() + ".out");
    }

    /**
     * Makes the home from the distribution's defaults, with mDNS confined to the loopback interface and the libp2p
     * host listening on 127.0.0.1 (any free port): a test node sends nothing to a real network.
     */
    void prepareHome() throws IOException {
        for (String dir : List.of("etc", "deploy")) {
            Files.createDirectories(home.resolve(dir));
            try (var files = Files.list(distribution.resolve(dir))) {
                for (Path f : files.toList()) {
                    Files.copy(f, home.resolve(dir).resolve(f.getFileName()));
                }
            }
        }
        Files.writeString(home.resolve("etc/org.olocus.discovery.mdns.cfg"), "interfaces = lo\n");
        Files.writeString(home.resolve("etc/org.olocus.discovery.transport.cfg"),
                "listen_addresses = /ip4/127.0.0.1/tcp/0\n");
    }

    /** Starts the node and waits for its "ready" line; returns that line. */
    String start(long timeoutMillis) throws IOException, InterruptedException {
        process = new ProcessBuilder(command("--daemon")).redirectErrorStream(true)
                .redirectOutput(console.toFile()).start();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (String line : Files.readAllLines(console, StandardCharsets.UTF_8)) {
                if (line.contains(" ready in ")) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited with " + process.exitValue() + ": " + output());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the node was not ready within " + timeoutMillis + " ms: " + output());
    }

    /** {@code bin/olocus --home <home> --exec <script>}, bounded to 60 s. */
    ExecResult exec(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command("--exec", script)).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("--exec " + script + " did not finish within 60 s");
        }
        return new ExecResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code command} through {@code --exec} until it succeeds with an output that passes {@code check}
     * (every 250 ms, for at most {@code waitMillis}); returns that output or fails naming the last one.
     */
    String awaitExec(long waitMillis, String command, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + waitMillis;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            ExecResult r = exec(command);
            last = r.output();
            if (r.exitStatus() == 0 && check.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("'" + command + "' never showed what was expected; last output:\n" + last
                + "\nnode output:\n" + output());
    }

    /** What {@link #awaitExec} waits for. */
    @FunctionalInterface
    interface Check {
        boolean test(String output) throws IOException;
    }

    /** Sends SIGTERM and returns the exit status, or -1 when the node did not exit within {@code millis}. */
    int terminate(long millis) throws InterruptedException {
        process.destroy(); // SIGTERM
        return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    Path home() {
        return home;
    }

    String output() throws IOException {
        return Files.exists(console) ? Files.readString(console) : "";
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(distribution.resolve("bin/olocus").toString(),
                "--home", home.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
