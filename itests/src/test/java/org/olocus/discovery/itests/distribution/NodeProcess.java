package org.olocus.discovery.itests.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node of the packaged distribution, run as {@code bin/olocus --home <home> --daemon} in a child process, and
 * the other {@code bin/olocus} commands on its home, optionally inside a network namespace ({@link #inNamespace}):
 * then {@code --exec} runs there too. {@code bin/olocus} execs the JVM, so the child's pid is the node's.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Olocus node (\\S+) ready in ");

    /** What a {@code bin/olocus} command printed and returned. */
    public record ExecResult(int exitStatus, String output) {
    }

    /** Bound on one {@code bin/olocus} command: its own wait for a starting node (60 s) and a JVM start on top. */
    private static final long COMMAND_LIMIT_SECONDS = 120;

    private final Path distribution;
    private final Path home;
    private final Path console;
    private final List<String> prefix;
    private Process process;
    private String readyLine;
    private long readyAtMillis;

    public NodeProcess(Path distribution, Path home) {
        this(distribution, home, List.of());
    }

    private NodeProcess(Path distribution, Path home, List<String> prefix) {
        this.distribution = distribution;
        this.home = home;
        this.console = home.resolveSibling(home.getFileName() + ".out");
        this.prefix = List.copyOf(prefix);
    }

    /** A node whose every command runs behind {@code ip netns exec <ns>} ({@code execPrefix}). */
    public static NodeProcess inNamespace(Path distribution, Path home, List<String> execPrefix) {
        return new NodeProcess(distribution, home, execPrefix);
    }

    /**
     * Makes the home from the distribution's defaults, with mDNS confined to the loopback interface and the libp2p
     * host listening on 127.0.0.1 (any free port): a test node sends nothing to a real network.
     */
    public void prepareHome() throws IOException {
        copyDefaults();
        Files.writeString(home.resolve("etc/org.olocus.discovery.mdns.cfg"), "interfaces = lo\n");
        Files.writeString(home.resolve("etc/org.olocus.discovery.transport.cfg"),
                "listen_addresses = /ip4/127.0.0.1/tcp/0\n");
    }

    /**
     * Makes the home from the distribution's {@code etc/} and {@code deploy/} unchanged, for a test that then edits
     * a few files (only inside a network namespace: the defaults listen on every interface).
     */
    public void copyDefaults() throws IOException {
        for (String dir : List.of("etc", "deploy")) {
            Files.createDirectories(home.resolve(dir));
            try (var files = Files.list(distribution.resolve(dir))) {
                for (Path f : files.toList()) {
                    Files.copy(f, home.resolve(dir).resolve(f.getFileName()));
                }
            }
        }
    }

    /** Starts the node and waits for its "ready" line; returns that line. */
    public String start(long timeoutMillis) throws IOException, InterruptedException {
        launch();
        return awaitReady(timeoutMillis);
    }

    /** Starts the node without waiting for it. */
    public void launch() throws IOException {
        Files.createDirectories(console.getParent());
        process = new ProcessBuilder(command("--daemon")).redirectErrorStream(true)
                .redirectOutput(console.toFile()).start();
    }

    /** Waits for the node's "ready" line (printed once --exec reaches it); returns that line. */
    public String awaitReady(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() - deadline < 0) {
            Optional<String> ready = readyLine();
            if (ready.isPresent()) {
                readyAtMillis = System.currentTimeMillis();
                readyLine = ready.get();
                return ready.get();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited with " + process.exitValue() + ": " + output());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the node was not ready within " + timeoutMillis + " ms: " + output());
    }

    /** When (epoch ms, within 20 ms) {@link #start} saw the ready line. */
    public long readyAtMillis() {
        return readyAtMillis;
    }

    /** The node's peer id, from its ready line. */
    public String peerId() {
        Matcher m = READY.matcher(readyLine == null ? "" : readyLine);
        if (!m.find()) {
            throw new IllegalStateException("no peer id in the ready line " + readyLine);
        }
        return m.group(1);
    }

    /**
     * Waits until the node holds its home's lock ({@code data/node.lock} names its pid): from then on it is
     * starting, and no other {@code bin/olocus} can start one in the home.
     */
    public void awaitHomeLocked(long timeoutMillis) throws IOException, InterruptedException {
        Path lock = home.resolve("data/node.lock");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() - deadline < 0) {
            if (Files.exists(lock) && Files.readString(lock).strip().equals(Long.toString(process.pid()))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited with " + process.exitValue() + ": " + output());
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the node did not lock its home within " + timeoutMillis + " ms: " + output());
    }

    /** The node's "ready" line, if it has printed it. */
    public Optional<String> readyLine() throws IOException {
        return Files.exists(console)
                ? Files.readAllLines(console, StandardCharsets.UTF_8).stream().filter(l -> l.contains(" ready in "))
                        .findFirst()
                : Optional.empty();
    }

    /** {@code bin/olocus --home <home> --exec <script>}, bounded. */
    public ExecResult exec(String script) throws IOException, InterruptedException {
        return run("--exec", script);
    }

    /** {@code bin/olocus --home <home> <args>} to its end, bounded; output and error output together. */
    public ExecResult run(String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile(home.getParent(), "olocus-command", ".out");
        try {
            Process p = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!p.waitFor(COMMAND_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("bin/olocus " + String.join(" ", args) + " did not finish within "
                        + COMMAND_LIMIT_SECONDS + " s; it printed: " + Files.readString(output));
            }
            return new ExecResult(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Runs {@code command} through {@code --exec} until it succeeds with an output that passes {@code check}
     * (every 250 ms, for at most {@code waitMillis}); returns that output or fails naming the last one.
     */
    public String awaitExec(long waitMillis, String command, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        String last = "";
        while (System.nanoTime() - deadline < 0) {
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
    public interface Check {
        boolean test(String output) throws IOException;
    }

    /** Sends SIGTERM and returns the exit status, or -1 when the node did not exit within {@code millis}. */
    public int terminate(long millis) throws InterruptedException {
        process.destroy(); // SIGTERM
        return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** {@code kill -9}: the node leaves its socket file and {@code data/control.path} behind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public long pid() {
        return process.pid();
    }

    public Path home() {
        return home;
    }

    /** The control socket the node said it answers on ({@code data/control.path}), if it said so. */
    public Optional<Path> publishedSocket() throws IOException {
        Path file = home.resolve("data/control.path");
        return Files.exists(file) ? Optional.of(Path.of(Files.readString(file).trim())) : Optional.empty();
    }

    /** The pids of the running {@code bin/olocus} JVMs of this home (nodes and commands alike). */
    public List<Long> launcherProcesses() {
        String homeArgument = "--home " + home + " ";
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .filter(c -> c.contains("olocus-launcher.jar") && (c + " ").contains(homeArgument)).isPresent())
                .map(ProcessHandle::pid).toList();
    }

    public String output() throws IOException {
        return Files.exists(console) ? Files.readString(console) : "";
    }

    /** The last {@code lines} lines of the node's log ({@code data/log/olocus.log}), for failure messages. */
    public String logTail(int lines) {
        Path log = home.resolve("data/log/olocus.log");
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(distribution.resolve("bin/olocus").toString(), "--home", home.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Ends the node if it still runs: SIGTERM, then after 5 s SIGKILL. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
