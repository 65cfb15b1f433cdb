package org.olocus.discovery.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.ops4j.pax.exam.Option;

/**
 * The framework every IT runs in (driver side only): Felix with SCR, ConfigAdmin, Metatype, Gogo, SLF4J, H2
 * MVStore, and our three bundles as Maven copied them into {@code target/bundles/}. Third-party bundles come from
 * the local Maven repository (offline); their versions are the root pom's, filtered into
 * {@code olocus-itests.properties}.
 */
public final class OlocusOptions {
    private static final Properties VERSIONS = load();

    private OlocusOptions() {
    }

    /** The options shared by every IT; add per-test options with {@code OptionUtils.combine}. */
    public static Option[] baseOptions() {
        Path target = target();
        return options(
                workingDirectory(target.resolve("paxexam").toString()),
                cleanCaches(true),
                frameworkProperty("org.osgi.framework.storage.clean").value("onFirstInit"),
                frameworkProperty("olocus.data").value(target.resolve("olocus-data").toString()),
                frameworkProperty("gosh.args").value("--nointeractive"),
                systemProperty("org.ops4j.pax.url.mvn.offline").value("true"),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"),
                systemProperty("org.slf4j.simpleLogger.showDateTime").value("true"),
                systemProperty("org.slf4j.simpleLogger.showThreadName").value("true"),
                systemTimeout(60_000),
                junitBundles(),
                mavenBundle("org.slf4j", "slf4j-api", version("slf4j.version")),
                mavenBundle("org.slf4j", "slf4j-simple", version("slf4j.version")).noStart(),
                mavenBundle("org.osgi", "org.osgi.util.function", version("osgi.function.version")),
                mavenBundle("org.osgi", "org.osgi.util.promise", version("osgi.promise.version")),
                mavenBundle("org.osgi", "org.osgi.service.component", version("osgi.component.version")),
                mavenBundle("org.osgi", "org.osgi.service.log", version("osgi.log.version")),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin", version("felix.configadmin.version")),
                mavenBundle("org.apache.felix", "org.apache.felix.metatype", version("felix.metatype.version")),
                mavenBundle("org.apache.felix", "org.apache.felix.scr", version("felix.scr.version")),
                mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime", version("gogo.runtime.version")),
                mavenBundle("org.apache.felix", "org.apache.felix.gogo.command", version("gogo.command.version")),
                mavenBundle("org.apache.felix", "org.apache.felix.gogo.shell", version("gogo.shell.version")),
                mavenBundle("com.h2database", "h2-mvstore", version("h2.version")),
                bundle(ourBundle("api")),
                bundle(ourBundle("peerstore-bundle")),
                bundle(ourBundle("coordinator-bundle")));
    }

    /**
     * The libraries the transport bundle imports (Netty, protobuf-java; BouncyCastle is embedded), and the transport bundle's
     * {@code file:} URL as framework property {@value #TRANSPORT_BUNDLE}: a test configures the host (loopback
     * only) and then installs the bundle itself (Pax Exam refuses a provisioned bundle left unresolved).
     */
    public static Option transportBundles() {
        return composite(
                mavenBundle("io.netty", "netty-common", version("netty.version")),
                mavenBundle("io.netty", "netty-buffer", version("netty.version")),
                mavenBundle("io.netty", "netty-resolver", version("netty.version")),
                mavenBundle("io.netty", "netty-transport", version("netty.version")),
                mavenBundle("com.google.protobuf", "protobuf-java", version("protobuf.version")),
                frameworkProperty(TRANSPORT_BUNDLE).value(ourBundle("transport-bundle")));
    }

    /** Framework property: where the transport bundle is (see {@link #transportBundles()}). */
    public static final String TRANSPORT_BUNDLE = "olocus.itests.transport";

    /** {@code file:} URL of one of our bundles (the jar of module {@code module}, as copied for this run). */
    public static String ourBundle(String module) {
        return ourBundlePath(module).toUri().toString();
    }

    /**
     * The jar of one of our modules as Maven copied it into {@code target/bundles/} (from the reactor or the
     * local repository) just before the tests; fails early, naming the command, when it is missing.
     */
    public static Path ourBundlePath(String module) {
        Path jar = bundles().resolve(module + "-" + version("project.version") + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the bundles first (mvn -B install "
                    + "-DskipTests -pl " + module + ") and run the itests through Maven (mvn -B -pl itests verify)");
        }
        return jar;
    }

    /** Where failsafe's run finds our bundles ({@code olocus.itests.bundles}). */
    public static Path bundles() {
        return Path.of(System.getProperty("olocus.itests.bundles", "target/bundles")).toAbsolutePath().normalize();
    }

    /** This module's {@code target/} folder (set by failsafe as {@code olocus.itests.target}). */
    public static Path target() {
        return Path.of(System.getProperty("olocus.itests.target", "target")).toAbsolutePath().normalize();
    }

    static String version(String key) {
        String v = VERSIONS.getProperty(key);
        if (v == null || v.startsWith("${")) {
            throw new IllegalStateException("olocus-itests.properties lacks " + key + " (is resource filtering on?)");
        }
        return v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = OlocusOptions.class.getResourceAsStream("/olocus-itests.properties")) {
            if (in == null) {
                throw new IllegalStateException("olocus-itests.properties is not on the test class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
