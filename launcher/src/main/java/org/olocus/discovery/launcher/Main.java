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
 * against a node ({@code --exec}). One node per home: the node takes the home lock before its framework starts,
 * and a second node on the same home is refused. SIGTERM and Ctrl-C stop the framework cleanly and exit 0.
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
        HomeNode node;
        try {
            node = HomeNode.start(options, HomeLock.take(options.home().resolve("data")), !options.daemon());
        } catch (HomeInUseException e) {
            System.err.println("olocus: " + e.getMessage() + "; stop it first, or send it commands with --exec");
            System.exit(1);
            return;
        } catch (IllegalStateException e) {
            System.err.println("olocus: " + e.getMessage());
            System.exit(1);
            return;
        }
        Signal.handle(new Signal("TERM"), s -> stopAndExit(node));
        Signal.handle(new Signal("INT"), s -> stopAndExit(node));
        String id = null;
        try {
            id = node.awaitReady(READY_LIMIT);
        } catch (IllegalStateException e) {
            System.err.println("olocus: " + e.getMessage());
        }
        try {
            node.publishControlSocket();
        } catch (IllegalStateException e) {
            System.err.println("olocus: " + e.getMessage());
        }
        if (id != null) {
            System.out.printf("Olocus node %s ready in %d ms (home %s)%n", id, (System.nanoTime() - t0) / 1_000_000,
                    options.home());
        }
        node.waitForStop();
        node.stop(STOP_LIMIT); // stopped from the shell: withdraw the socket's path and release the home
        System.exit(0);
    }

    private static void stopAndExit(HomeNode node) {
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

    /**
     * Copies the directory whole or not at all: it is filled beside {@code to} and renamed into place, so two
     * launchers making the same new home at once (two {@code --exec}) never see half of it.
     */
    private static void copyIfMissing(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            return;
        }
        Path partial = to.resolveSibling(to.getFileName() + ".partial-" + ProcessHandle.current().pid());
        Files.createDirectories(partial);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, partial.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        try {
            Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTree(partial);
            if (!Files.isDirectory(to)) {
                throw e;
            } // else another launcher made it first
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
