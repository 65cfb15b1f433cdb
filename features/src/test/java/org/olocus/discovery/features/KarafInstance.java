package org.olocus.discovery.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apache Karaf for one test run: a fresh copy of the unpacked distribution that listens on loopback only
 * (ssh, JMX/RMI and the shutdown port, each on a free port), logs a random-password user in over ssh, and resolves
 * {@code mvn:} URLs offline from its own {@code system/} folder and the build's features repository. Started as
 * {@code bin/karaf daemon}, whose shell execs the JVM, so the process we hold is Karaf itself.
 */
final class KarafInstance implements AutoCloseable {
    static final String USER = "olocus-it";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path home;
    private final int sshPort;
    private final String password;
    private Process process;
    private Thread killOnExit;

    private KarafInstance(Path home, int sshPort, String password) {
        this.home = home;
        this.sshPort = sshPort;
        this.password = password;
    }

    /**
     * Copies the distribution to {@code home} (replacing what a previous run left there) and configures the copy.
     *
     * @param featuresRepo a folder in Maven layout with our features descriptor and the bundles Karaf lacks
     */
    static KarafInstance prepare(Path distribution, Path home, Path featuresRepo) throws IOException {
        if (!Files.isExecutable(distribution.resolve("bin/karaf"))) {
            throw new IllegalStateException("no Karaf distribution at " + distribution
                    + " (the build unpacks org.apache.karaf:apache-karaf:tar.gz there)");
        }
        deleteTree(home);
        copyTree(distribution, home);
        KarafInstance karaf = new KarafInstance(home, freePort(), HexFormat.of().formatHex(randomBytes(16)));
        karaf.configure(featuresRepo);
        return karaf;
    }

    private void configure(Path featuresRepo) throws IOException {
        Path etc = home.resolve("etc");
        PropertiesFileEdit.set(etc.resolve("org.apache.karaf.shell.cfg"), PropertiesFileEdit.of(
                "sshHost", "127.0.0.1",
                "sshPort", Integer.toString(sshPort)));
        PropertiesFileEdit.set(etc.resolve("org.apache.karaf.management.cfg"), PropertiesFileEdit.of(
                "rmiRegistryHost", "127.0.0.1",
                "rmiRegistryPort", Integer.toString(freePort()),
                "rmiServerHost", "127.0.0.1",
                "rmiServerPort", Integer.toString(freePort())));
        // port 0: Karaf picks a free one and writes it to data/port, where bin/stop finds it
        PropertiesFileEdit.set(etc.resolve("config.properties"), PropertiesFileEdit.of(
                "karaf.shutdown.host", "127.0.0.1",
                "karaf.shutdown.port", "0"));
        // Offline: Karaf's own system/ folder first, then the build's features repository; no remote repository.
        PropertiesFileEdit.set(etc.resolve("org.ops4j.pax.url.mvn.cfg"), PropertiesFileEdit.of(
                "org.ops4j.pax.url.mvn.defaultRepositories",
                "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                        + featuresRepo.toUri() + "@id=olocus.features@snapshots",
                "org.ops4j.pax.url.mvn.repositories", "",
                "org.ops4j.pax.url.mvn.offline", "true",
                "org.ops4j.pax.url.mvn.localRepository", home.resolve("m2-local").toString()));
        // Karaf 4.4 ships without an enabled user; this one may use the ssh shell, on loopback only.
        PropertiesFileEdit.set(etc.resolve("users.properties"), PropertiesFileEdit.of(
                USER, password + ",_g_:admingroup",
                "_g_\\:admingroup", "group,admin,manager,viewer,systembundles,ssh"));
        // The node's identity key and peer store file live outside Karaf's data/ (which bin/karaf clean wipes).
        // olocus.data, not olocus.home: home means the Felix distribution's layout (its etc/ is audited).
        PropertiesFileEdit.set(etc.resolve("system.properties"), PropertiesFileEdit.of(
                "olocus.data", "${karaf.base}/olocus/data"));
        PropertiesFileEdit.set(etc.resolve("org.olocus.discovery.peerstore.cfg"), PropertiesFileEdit.of(
                "type", "persistent",
                "path", "${karaf.base}/olocus/data/peers.mv"));
        // tests send no traffic beyond loopback: mDNS advertises and browses on lo only
        PropertiesFileEdit.set(etc.resolve("org.olocus.discovery.mdns.cfg"), PropertiesFileEdit.of(
                "interfaces", "lo"));
        // and the libp2p host listens on loopback only, on a port the system picks
        PropertiesFileEdit.set(etc.resolve("org.olocus.discovery.transport.cfg"), PropertiesFileEdit.of(
                "listen_addresses", "/ip4/127.0.0.1/tcp/0"));
    }

    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "daemon")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf-console.log").toFile()));
        scriptEnvironment(builder.environment());
        process = builder.start();
        // if the test JVM is told to exit (failsafe timeout, Ctrl-C) Karaf must not outlive it
        killOnExit = new Thread(this::destroy, "olocus-features-it-karaf-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    KarafClient client() {
        return new KarafClient(home, sshPort, USER, password);
    }

    Path home() {
        return home;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The last lines of Karaf's log, for failure messages. */
    String logTail(int lines) {
        Path log = home.resolve("data/log/karaf.log");
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    /** {@code bin/stop}, then waits for the process; kills it by pid if it has not exited within 30 s. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            if (process.isAlive()) {
                runStopScript();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            destroy();
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run; nothing left to remove
            }
        }
    }

    private void runStopScript() throws InterruptedException {
        try {
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/stop").toString())
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf-stop.log").toFile()));
            scriptEnvironment(builder.environment());
            Process stop = builder.start();
            if (!stop.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                stop.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("bin/stop failed, Karaf pid " + process.pid() + " will be killed: " + e);
        }
    }

    private void destroy() {
        if (process == null || !process.isAlive()) {
            return;
        }
        System.err.println("Karaf pid " + process.pid() + " still running: killing it");
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The environment for Karaf's scripts: this JVM's Java, and none of the caller's Karaf or JVM options (a
     * developer's KARAF_HOME or debug options would send the scripts elsewhere or open a debug port).
     */
    static void scriptEnvironment(Map<String, String> env) {
        env.keySet().removeIf(name -> name.startsWith("KARAF_") || name.endsWith("JAVA_OPTS")
                || name.equals("JAVA_DEBUG_PORT"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
