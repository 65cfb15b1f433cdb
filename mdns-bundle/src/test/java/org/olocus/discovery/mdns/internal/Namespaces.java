package org.olocus.discovery.mdns.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Network namespaces made (and removed, by name) by a test, and the real software run in them. All addresses are
 * in 10.231.0.0/16 and exist only inside these namespaces. Needs root, {@code ip}, and for some tests Avahi,
 * D-Bus and the js fixture: missing software fails the test when {@code CI=true} and skips it loudly otherwise.
 */
final class Namespaces implements AutoCloseable {
    static final Path RESOURCES = Path.of(System.getProperty("olocus.mdns.fixture", "src/test/resources"));
    static final Path NETNS = RESOURCES.resolve("netns/netns.sh");
    static final Path AVAHI = RESOURCES.resolve("netns/avahi-run.sh");
    static final Path JS_FIXTURE = RESOURCES.resolve("js-fixture");

    private final String prefix = "olm" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    private final List<String> names = new ArrayList<>();
    private final List<ChildProcess> children = new ArrayList<>();

    /** Fails (CI) or skips (locally) unless every named command exists and we are root. */
    static void require(String... commands) {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        for (String c : commands) {
            if (c.startsWith("/") || c.startsWith("src")) {
                if (!Files.isExecutable(Path.of(c))) {
                    missing.add(c);
                }
            } else if (!onPath(c)) {
                missing.add(c);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String msg = "mDNS namespace test needs " + missing + " (run .ci/setup-mdns.sh as root)";
        System.err.println("!!!!! " + msg);
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(msg);
        }
        Assumptions.abort(msg);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", command)) || Files.isExecutable(Path.of("/sbin", command));
    }

    /** Creates a namespace; returns its full name. */
    String create(String suffix) throws IOException, InterruptedException {
        String name = prefix + suffix;
        run("bash", NETNS.toString(), "create", name);
        names.add(name);
        return name;
    }

    /** A veth pair {@code ns1/if1 addr1} — {@code ns2/if2 addr2}. */
    void link(String ns1, String if1, String addr1, String ns2, String if2, String addr2)
            throws IOException, InterruptedException {
        run("bash", NETNS.toString(), "link", ns1, if1, addr1, ns2, if2, addr2);
    }

    /** Interface names must be at most 15 bytes: this prefix keeps them unique per test run. */
    String ifName(String suffix) {
        return prefix.substring(3) + suffix;
    }

    /** Runs our node in {@code ns} ({@link MdnsProbeMain}). */
    ChildProcess probe(String ns, long seed, String... options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, javaBinary(), "-cp",
                System.getProperty("java.class.path"), MdnsProbeMain.class.getName(), Long.toString(seed)));
        cmd.addAll(List.of(options));
        return track(ChildProcess.start("probe-" + seed, cmd));
    }

    /** Runs D-Bus and avahi-daemon in {@code ns}, publishing the service files in {@code dir/services}. */
    ChildProcess avahi(String ns, Path dir, String iface) throws IOException {
        return track(ChildProcess.start("avahi-" + ns, List.of("ip", "netns", "exec", ns, "bash", AVAHI.toString(),
                dir.toString(), iface)));
    }

    /** {@code avahi-browse -rp <type>} against the avahi-daemon of {@code dir}, running until closed. */
    ChildProcess avahiBrowse(String ns, Path dir, String type) throws IOException {
        return track(ChildProcess.start("browse-" + ns, List.of("ip", "netns", "exec", ns, "env",
                "DBUS_SYSTEM_BUS_ADDRESS=unix:path=" + dir.resolve("bus"), "avahi-browse", "-rp", type)));
    }

    ChildProcess track(ChildProcess p) {
        children.add(p);
        return p;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() {
        for (ChildProcess c : children) {
            c.close();
        }
        for (String n : names) {
            try {
                run("bash", NETNS.toString(), "delete", n);
            } catch (IOException | InterruptedException e) {
                System.err.println("could not delete namespace " + n + ": " + e.getMessage());
            }
        }
    }
}
