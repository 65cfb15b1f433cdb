package org.olocus.discovery.dns.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real Knot DNS server for tests and the benchmark: {@code knotd} in the foreground (so its pid is ours), on
 * 127.0.0.1 and a free high port, with its configuration, zones, rundir and storage in a temporary folder that
 * goes away with it. Zones are edited live with {@code knotc zone-begin/zone-set/zone-commit}; edits are never
 * written back ({@code zonefile-sync: -1}).
 */
final class KnotServer implements AutoCloseable {
    private static final List<String> BIN_DIRS = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin");

    /** A TSIG key that may send dynamic updates to every zone. */
    record UpdateKey(String name, String algorithm, String secretBase64) {
    }

    private final Path dir;
    private final int port;
    private final Process process;
    private final Path config;

    private KnotServer(Path dir, int port, Process process, Path config) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.config = config;
    }

    /**
     * Where Knot's programs are, or empty when one is missing. In CI (CI=true) a missing Knot fails the test;
     * elsewhere it skips it, loudly.
     */
    static void requireKnot() {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("knotd", "knotc", "kdig")) {
            if (find(tool).isEmpty()) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "Knot DNS is not installed (missing " + missing + "): run .ci/setup-dns.sh";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " — in CI the real-server DNS tests must run");
        }
        System.err.println("SKIPPING real-server DNS tests: " + message);
        Assumptions.assumeTrue(false, message);
    }

    static Optional<Path> find(String tool) {
        List<String> dirs = new ArrayList<>(BIN_DIRS);
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(0, List.of(path.split(":")));
        }
        return dirs.stream().map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst();
    }

    /** Starts Knot serving {@code zones} (zone name → zone file text; a null text is a zone whose file is missing). */
    static KnotServer start(Map<String, String> zones, Optional<UpdateKey> key) throws IOException, InterruptedException {
        requireKnot();
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Path dir = Files.createTempDirectory("olocus-knot-");
            try {
                return startIn(dir, freePort(), zones, key);
            } catch (IOException e) {
                last = e;
                deleteTree(dir);
            }
        }
        throw last;
    }

    private static KnotServer startIn(Path dir, int port, Map<String, String> zones, Optional<UpdateKey> key)
            throws IOException, InterruptedException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path storage = Files.createDirectories(dir.resolve("db"));
        Path zoneDir = Files.createDirectories(dir.resolve("zones"));
        StringBuilder conf = new StringBuilder();
        conf.append("server:\n  rundir: \"").append(run).append("\"\n  listen: 127.0.0.1@").append(port)
                .append("\n  udp-workers: 1\n  tcp-workers: 1\n  background-workers: 1\n");
        conf.append("database:\n  storage: \"").append(storage).append("\"\n");
        conf.append("control:\n  listen: \"").append(run.resolve("knot.sock")).append("\"\n");
        conf.append("log:\n  - target: stderr\n    any: warning\n");
        key.ifPresent(k -> conf.append("key:\n  - id: ").append(k.name()).append("\n    algorithm: ")
                .append(k.algorithm()).append("\n    secret: ").append(k.secretBase64()).append('\n')
                .append("acl:\n  - id: update\n    address: 127.0.0.1\n    key: ").append(k.name())
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
        Process p = new ProcessBuilder(find("knotd").orElseThrow().toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("knotd.log").toFile()).start();
        KnotServer server = new KnotServer(dir, port, p, config);
        try {
            server.awaitReady(zones.entrySet().stream().filter(z -> z.getValue() != null).map(Map.Entry::getKey)
                    .findFirst().orElseThrow());
            return server;
        } catch (IOException | RuntimeException e) {
            String log = Files.exists(dir.resolve("knotd.log")) ? Files.readString(dir.resolve("knotd.log")) : "";
            server.stopProcess();
            throw new IOException("knotd did not start on port " + port + ": " + e.getMessage() + "\n" + log, e);
        }
    }

    private void awaitReady(String zone) throws IOException, InterruptedException {
        SimpleResolver r = new SimpleResolver(address());
        r.setTimeout(Duration.ofMillis(200));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("knotd exited with " + process.exitValue());
            }
            try {
                Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString(zone + "."), Type.SOA, DClass.IN)));
                if (m.getRcode() == Rcode.NOERROR && !m.getSection(1).isEmpty()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException("knotd did not answer for " + zone + " within 10 s");
    }

    int port() {
        return port;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** {@code 127.0.0.1:<port>}, the form of the {@code resolvers} key. */
    String resolver() {
        return "127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Replaces the records of one type at {@code owner} (relative to {@code zone}) live, as an operator would. */
    void replace(String zone, String owner, String type, int ttl, String... rdata) throws IOException, InterruptedException {
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
    void remove(String zone, String owner, String type) throws IOException, InterruptedException {
        knotc("zone-begin", zone);
        knotc("zone-unset", zone, owner, type);
        knotc("zone-commit", zone);
    }

    /** The records Knot has now, as {@code knotc zone-read} prints them. */
    String read(String zone, String owner, String type) throws IOException, InterruptedException {
        return knotcAllowingFailure("zone-read", zone, owner, type);
    }

    void knotc(String... args) throws IOException, InterruptedException {
        String out = run(args);
        if (!out.startsWith("OK") && !out.isBlank() && out.toLowerCase().contains("error")) {
            throw new IOException("knotc " + String.join(" ", args) + ": " + out);
        }
    }

    private String knotcAllowingFailure(String... args) throws IOException, InterruptedException {
        return run(args);
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(find("knotc").orElseThrow().toString(), "-c", config.toString()));
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

    String log() throws IOException {
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

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp folder
        }
    }
}
