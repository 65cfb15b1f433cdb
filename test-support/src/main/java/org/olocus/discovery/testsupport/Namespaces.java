package org.olocus.discovery.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces made (and removed, by name) by a test, and the real software run in them. Tests put their
 * addresses in 10.231.0.0/16; they exist only inside these namespaces, so nothing a test runs can reach a real
 * network. {@link #close} ends every process and resource tracked here (newest first), then deletes the
 * namespaces — use it in try-with-resources so that happens when a test fails too. Needs root and {@code ip}
 * (check with {@link Fixtures#require}). The shell parts are {@code netns.sh} and {@code avahi-run.sh}, resources
 * of this package, run with {@code bash -c}.
 */
public final class Namespaces implements AutoCloseable {
    private static final String NETNS = script("netns.sh");
    private static final String AVAHI = script("avahi-run.sh");

    private final String prefix;
    private final List<String> names = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** Cleans up if the JVM is ended (e.g. a test run interrupted) before {@link #close}. */
    private final Thread onExit = new Thread(this::cleanUp, "namespaces-cleanup");
    private boolean closed;

    /** Namespaces named {@code olm<4 hex><suffix>}. */
    public Namespaces() {
        this("olm");
    }

    /** Namespaces named {@code <tag><4 hex><suffix>}: a tag per module tells whose namespace a leftover is. */
    public Namespaces(String tag) {
        this.prefix = tag + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** Creates a namespace (lo up); returns its full name. */
    public String create(String suffix) throws IOException, InterruptedException {
        String name = prefix + suffix;
        netns("create", name);
        names.add(name);
        return name;
    }

    /** A veth pair {@code ns1/if1 addr1} — {@code ns2/if2 addr2}, each side with a multicast route. */
    public void link(String ns1, String if1, String addr1, String ns2, String if2, String addr2)
            throws IOException, InterruptedException {
        netns("link", ns1, if1, addr1, ns2, if2, addr2);
    }

    /**
     * A link for more than two namespaces: a namespace of its own holding a bridge (no multicast snooping), to which
     * {@link #attach} connects the others. Returns the hub's name.
     */
    public String bridge(String suffix) throws IOException, InterruptedException {
        String hub = create(suffix);
        netns("bridge", hub);
        return hub;
    }

    /** A veth from {@code ns} ({@code iface}, {@code addr}, multicast route) to the bridge of {@code hub}. */
    public void attach(String hub, String ns, String iface, String addr) throws IOException, InterruptedException {
        if (iface.length() > 13) {
            throw new IllegalArgumentException("interface name " + iface + " is too long for its hub side p-" + iface);
        }
        netns("attach", hub, ns, iface, addr);
    }

    /** Interface names must be at most 15 bytes: this prefix keeps them unique per test run. */
    public String ifName(String suffix) {
        return prefix.substring(prefix.length() - 4) + suffix;
    }

    /** {@code ip netns exec <ns>}: the prefix that runs a command inside {@code ns}. */
    public static List<String> exec(String ns) {
        return List.of(Fixtures.command("ip"), "netns", "exec", ns);
    }

    /** Starts {@code command} inside {@code ns}; tracked (ended by {@link #close}). */
    public ChildProcess start(String ns, String tag, List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>(exec(ns));
        cmd.addAll(command);
        return track(ChildProcess.start(tag, cmd));
    }

    /**
     * Runs D-Bus and avahi-daemon in {@code ns} on {@code iface}, publishing the service files in
     * {@code dir/services} (and the static hosts of {@code dir/hosts}, if that file exists). Wait for its
     * {@code READY} line.
     */
    public ChildProcess avahi(String ns, Path dir, String iface) throws IOException {
        return start(ns, "avahi-" + ns, List.of("bash", "-c", AVAHI, "avahi-run.sh", dir.toString(), iface));
    }

    /**
     * {@code avahi-browse -rp <type>} against the avahi-daemon of {@code dir} (its D-Bus socket is where
     * {@code dir/bus.path} says: a short path, whatever {@code dir} is), running until closed.
     */
    public ChildProcess avahiBrowse(String ns, Path dir, String type) throws IOException {
        String bus = Files.readString(dir.resolve("bus.path")).strip();
        return start(ns, "browse-" + ns, List.of("env", "DBUS_SYSTEM_BUS_ADDRESS=unix:path=" + bus,
                "avahi-browse", "-rp", type));
    }

    /** Ends {@code resource} in {@link #close}, before the namespaces go (newest first). */
    public <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    /** The java binary of this JVM, for child JVMs. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs a command to its end (at most 30 s); fails with its output unless it exits 0. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static void netns(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", NETNS, "netns.sh"));
        cmd.addAll(List.of(args));
        run(cmd.toArray(String[]::new));
    }

    private static String script(String name) {
        try (InputStream in = Namespaces.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing beside " + Namespaces.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs cleanUp too
        }
        cleanUp();
    }

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("could not close " + resources.get(i) + ": " + e);
            }
        }
        for (String n : names) {
            try {
                netns("delete", n);
            } catch (IOException | InterruptedException e) {
                System.err.println("could not delete namespace " + n + ": " + e.getMessage());
            }
        }
    }
}
