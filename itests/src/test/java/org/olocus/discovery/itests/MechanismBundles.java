package org.olocus.discovery.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.olocus.discovery.itests.mechanism.StaticMechanism;
import org.olocus.discovery.itests.mechanism.StaticMechanismActivator;
import org.ops4j.pax.tinybundles.TinyBundles;

/**
 * Builds throw-away mechanism bundles with TinyBundles (driver side, from a {@code @Configuration} method): the
 * {@link StaticMechanism} classes only, importing the api and the framework, never embedding the api. The jar is
 * written under {@code target/test-bundles/} and the test installs it at run time from there.
 */
public final class MechanismBundles {
    private MechanismBundles() {
    }

    /** Builds the bundle of a static mechanism {@code name} with {@code peers} peers; returns the jar's path. */
    public static String staticMechanism(String name, int peers) {
        try (InputStream jar = TinyBundles.bundle()
                .setHeader("Bundle-ManifestVersion", "2")
                .symbolicName("org.olocus.discovery.itests.mechanism." + name)
                .setHeader("Bundle-Version", "1.0.0")
                .setHeader("Bundle-Activator", StaticMechanismActivator.class.getName())
                .setHeader("Import-Package", "org.olocus.discovery.api;version=\"[2.0,3)\","
                        + "org.osgi.framework;version=\"[1.8,2)\"")
                .setHeader(StaticMechanismActivator.NAME_HEADER, name)
                .setHeader(StaticMechanismActivator.PEERS_HEADER, Integer.toString(peers))
                .addClass(StaticMechanism.class)
                .addClass(StaticMechanismActivator.class)
                .build(TinyBundles.rawBuilder())) {
            Path dir = OlocusOptions.target().resolve("test-bundles");
            Files.createDirectories(dir);
            Path file = dir.resolve("mechanism-" + name + ".jar");
            Files.copy(jar, file, StandardCopyOption.REPLACE_EXISTING);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
