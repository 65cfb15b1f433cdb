package org.olocus.discovery.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Knot DNS server for tests and benchmarks: {@code knotd} in the foreground (so its pid is ours), on
 * 127.0.0.1 and a free high port ({@link #start}) or on an address inside a network namespace ({@link #startIn}),
 * with its configuration, zones, rundir and storage in a temporary folder that goes away with it. Zones are edited
 * live with {@code knotc zone-begin/zone-set/zone-commit} (over its control socket, from any namespace); edits are
 * never written back ({@code zonefile-sync: -1}). Check for {@link #TOOLS} with {@link Fixtures#require} first
 * ({@code .ci/setup-dns.sh} installs them).
 */
public final class KnotServer implements AutoCloseable {
    /** The programs a test of this server needs. */
    public static final String[] TOOLS = {"knotd", "knotc", "kdig"};

    /** A TSIG key that may send dynamic updates to every zone. */
    public record UpdateKey(String name, String algorithm, String secretBase64) {
    }

    private final Path dir;
    private final String host;
    private final int port;
    private final Process process;
    private final Path config;

    private KnotServer(Path dir, String host, int port, Process process, Path config) {
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.process = process;
        this.config = config;
    }

    /**
     * Starts Knot on 127.0.0.1 and a free port, serving {@code zones} (zone name → zone file text; a null text is a
     * zone whose file is missing).
     */
    public static KnotServer start(Map<String, String> zones, Optional<UpdateKey> key)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Path dir = Files.createTempDirectory("olocus-knot-");
            try {
                return startIn(dir, List.of(), "127.0.0.1", freePort(), zones, key);
            } catch (IOException e) {
                last = e;
                deleteTree(dir);
            }
        }
        throw last;
    }

    /**
     * Starts Knot inside network namespace {@code ns}, on {@code host} (an address of that namespace) and
     * {@code port}. Stop it with {@link #close} before the namespace goes (e.g. {@link Namespaces#track}).
     */
    public static KnotServer startIn(String ns, String host, int port, Map<String, String> zones,
                                     Optional<UpdateKey> key) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("olocus-knot-");
        try {
            return startIn(dir, Namespaces.exec(ns), host, port, zones, key);
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    private static KnotServer startIn(Path dir, List<String> prefix, String host, int port, Map<String, String> zones,
                                      Optional<UpdateKey> key) throws IOException, InterruptedException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path storage = Files.createDirectories(dir.resolve("db"));
        Path zoneDir = Files.createDirectories(dir.resolve("zones"));
        StringBuilder conf = new StringBuilder();
        conf.append("server:\n  rundir: \"").append(run).append("\"\n  listen: ").append(host).append('@').append(port)
                .append("\n  udp-workers: 1\n  tcp-workers: 1\n  background-workers: 1\n");
        conf.append("database:\n  storage: \"").append(storage).append("\"\n");
        conf.append("control:\n  listen: \"").append(run.resolve("knot.sock")).append("\"\n");
        conf.append("log:\n  - target: stderr\n    any: warning\n");
        key.ifPresent(k -> conf.append("key:\n  - id: ").append(k.name()).append("\n    algorithm: ")
                .append(k.algorithm()).append("\n    secret: ").append(k.secretBase64()).append('\n')
                .append("acl:\n  - id: update\n    address: ").append(host).append("\n    key: ").append(k.name())
                .append("\n    action: update\n"));
        conf.append("template:\n  - id: default\n    storage: \"").append(zoneDir)
                .append("\"\n    zonefile-sync: -1\n    zonefile-load: whole\n    journal-content: none\n")
                .append(key.isPresent() ? "    acl: update\n" : "");
        conf.append("zone:\n");
        for (Map.Entry<String, String> z : zones.entrySet()) {
            conf.append("  - domain: ").append(z.getKey()).append('\n');
            if (z.getValue() != null) {
                Files.writeString(zoneDir.resolve(z.getKey() + ".zone"), z.getValue(), StandardCharsets.UTF_8);
            }
        }
        Path config = dir.resolve("knot.conf");
        Files.writeString(config, conf.toString(), StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Fixtures.command("knotd"), "-c", config.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("knotd.log").toFile())
                .start();
        KnotServer server = new KnotServer(dir, host, port, p, config);
        try {
            server.awaitReady(prefix, zones.entrySet().stream().filter(z -> z.getValue() != null)
                    .map(Map.Entry::getKey).findFirst().orElseThrow());
            return server;
        } catch (IOException | RuntimeException e) {
            String log = Files.exists(dir.resolve("knotd.log")) ? Files.readString(dir.resolve("knotd.log")) : "";
            server.stopProcess();
            throw new IOException("knotd did not start on port " + port + ": " + e.getMessage() + "\n" + log, e);
        }
    }

    /** Waits until the server answers the SOA of {@code zone} over UDP (asked with kdig where it runs). */
    private void awaitReady(List<String> prefix, String zone) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Fixtures.command("kdig"), "@" + host, "-p", String.valueOf(port), "+notcp", "+retry=0",
                "+timeout=1", "+short", "SOA", zone + "."));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("knotd exited with " + process.exitValue());
            }
            Process kdig = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out;
            try (var in = kdig.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (kdig.waitFor(5, TimeUnit.SECONDS) && kdig.exitValue() == 0 && !out.isEmpty()
                    && !out.contains(";;")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("knotd did not answer for " + zone + " within 10 s");
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    /** {@code <host>:<port>}, the form of the dns bundle's {@code resolvers} key. */
    public String resolver() {
        return host + ":" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Replaces the records of one type at {@code owner} (relative to {@code zone}) live, as an operator would. */
    public void replace(String zone, String owner, String type, int ttl, String... rdata) throws IOException, InterruptedException {
        knotc("zone-begin", zone);
        try {
            knotcAllowingFailure("zone-unset", zone, owner, type);
            for (String d : rdata) {
                knotc("zone-set", zone, owner, String.valueOf(ttl), type, d);
            }
            knotc("zone-commit", zone);
        } catch (IOException | RuntimeException e) {
            knotcAllowingFailure("zone-abort", zone);
            throw e;
        }
    }

    /** Removes every record of {@code type} at {@code owner}. */
    public void remove(String zone, String owner, String type) throws IOException, InterruptedException {
        knotc("zone-begin", zone);
        knotc("zone-unset", zone, owner, type);
        knotc("zone-commit", zone);
    }

    /** The records Knot has now, as {@code knotc zone-read} prints them. */
    public String read(String zone, String owner, String type) throws IOException, InterruptedException {
        return knotcAllowingFailure("zone-read", zone, owner, type);
    }

    public void knotc(String... args) throws IOException, InterruptedException {
        String out = run(args);
        if (!out.startsWith("OK") && !out.isBlank() && out.toLowerCase().contains("error")) {
            throw new IOException("knotc " + String.join(" ", args) + ": " + out);
        }
    }

    private String knotcAllowingFailure(String... args) throws IOException, InterruptedException {
        return run(args);
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Fixtures.command("knotc"), "-c", config.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("knotc " + String.join(" ", args) + " did not finish");
        }
        return out;
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("knotd.log"));
    }

    @Override
    public void close() {
        stopProcess();
        deleteTree(dir);
    }

    private void stopProcess() {
        process.destroy(); // SIGTERM to our pid: knotd shuts down cleanly
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

    private static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = tcp.getLocalPort();
                if (p == 53 || p == 5353 || p < 1024) {
                    continue;
                }
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p))) {
                    return p;
                } catch (IOException busy) {
                    // UDP side taken: try another
                }
            }
        }
        throw new IOException("no free port for both UDP and TCP on 127.0.0.1");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp folder
        }
    }
}
