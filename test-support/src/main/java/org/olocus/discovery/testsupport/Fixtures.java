package org.olocus.discovery.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rule for tests that need real software (root, {@code ip}, Avahi, Knot, the js fixture's Node): when something
 * is missing the test fails if {@code CI=true} — in CI every such test must run — and is skipped, loudly, elsewhere.
 * The skip is the caller's test framework's own (JUnit 5 {@code Assumptions::abort}, JUnit 4
 * {@code msg -> Assume.assumeTrue(msg, false)}), so this module depends on neither.
 */
public final class Fixtures {
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin", "/bin",
            "/usr/local/bin");

    private Fixtures() {
    }

    /** Whether this is a CI run ({@code CI=true}): then nothing may skip. */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Whether we run as root (namespaces, veths, mounts and Avahi need it). */
    public static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Checks that every one of {@code needs} is there: {@code "root"}, an absolute path (an executable file), or a
     * command on the PATH or in an sbin folder. When something is missing: prints a line starting {@code !!!!!}
     * naming it and {@code enable} (how to get it, e.g. {@code bash .ci/run}), then throws an
     * {@link AssertionError} in CI or calls {@code skip} (which must throw) elsewhere.
     *
     * @param what   the tests concerned, e.g. "mDNS namespace tests"
     * @param enable what installs the missing software
     * @param skip   the test framework's skip (it throws)
     */
    public static void require(String what, String enable, Consumer<String> skip, String... needs) {
        Set<String> missing = new LinkedHashSet<>();
        for (String n : needs) {
            if (n.equals("root")) {
                if (!root()) {
                    missing.add("root");
                }
            } else if (n.startsWith("/")) {
                if (!Files.isExecutable(Path.of(n))) {
                    missing.add(n);
                }
            } else if (find(n).isEmpty()) {
                missing.add(n);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String msg = what + " need " + missing + ": run " + enable + (root() ? "" : " as root");
        System.err.println("!!!!! " + (ci() ? "FAILING (CI=true) " : "SKIPPING ") + msg);
        if (ci()) {
            throw new AssertionError(msg + " — with CI=true these tests must run");
        }
        skip.accept(msg);
        throw new IllegalStateException("the skip callback returned instead of throwing: " + msg);
    }

    /** Where a command is: on the PATH, else in one of the usual bin/sbin folders. */
    public static Optional<Path> find(String command) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SBIN);
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, command)).filter(Files::isExecutable)
                .findFirst();
    }

    /** {@link #find} or an error naming the command. */
    public static String command(String command) {
        return find(command).orElseThrow(() -> new IllegalStateException(command + " is not installed")).toString();
    }
}
