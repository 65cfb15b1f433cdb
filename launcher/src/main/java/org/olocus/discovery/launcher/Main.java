package org.olocus.discovery.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;

import sun.misc.Signal;

/**
 * {@code bin/olocus}: runs a node in the foreground with the Gogo shell, as a daemon, or runs shell commands
 * against a node ({@code --exec}). SIGTERM and Ctrl-C stop the framework cleanly and exit 0.
 */
public final class Main {
    static final Duration READY_LIMIT = Duration.ofSeconds(60);
    static final Duration STOP_LIMIT = Duration.ofMillis(4500);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path install = Path.of(System.getProperty("olocus.install", ".")).toAbsolutePath().normalize();
        Options options;
        try {
            options = Options.parse(args, install, install);
        } catch (IllegalArgumentException e) {
            System.err.println("olocus: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        prepareHome(options);
        if (options.exec() != null) {
            System.exit(Exec.run(options));
        }
        long t0 = System.nanoTime();
        Node node = Node.start(options, !options.daemon());
        Signal.handle(new Signal("TERM"), s -> stopAndExit(node));
        Signal.handle(new Signal("INT"), s -> stopAndExit(node));
        try {
            String id = node.awaitReady(READY_LIMIT);
            System.out.printf("Olocus node %s ready in %d ms (home %s)%n", id, (System.nanoTime() - t0) / 1_000_000,
                    options.home());
        } catch (IllegalStateException e) {
            System.err.println("olocus: " + e.getMessage());
        }
        node.waitForStop();
        System.exit(0);
    }

    private static void stopAndExit(Node node) {
        node.stop(STOP_LIMIT);
        System.exit(0);
    }

    /** A home other than the installation gets the default etc/ and deploy/ on first use. */
    static void prepareHome(Options options) throws IOException {
        Files.createDirectories(options.home().resolve("data/log"));
        if (!options.home().equals(options.install())) {
            copyIfMissing(options.install().resolve("etc"), options.home().resolve("etc"));
            copyIfMissing(options.install().resolve("deploy"), options.home().resolve("deploy"));
        }
    }

    private static void copyIfMissing(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
