package org.olocus.discovery.support.internal;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the node keeps its files: the property {@value #DATA}, else {@code <}{@value #HOME}{@code >/data}, else
 * {@code ./data}. The properties are the framework's ({@code BundleContext::getProperty}, which falls back to the
 * system properties): under Karaf only the framework property counts.
 */
public final class DataDirectory {
    /** The data directory itself. */
    public static final String DATA = "olocus.data";
    /** The node's home; its {@code data} directory is the data directory when {@value #DATA} is not set. */
    public static final String HOME = "olocus.home";

    private DataDirectory() {
    }

    /** The data directory, {@code ./data} (absolute) when neither property is set. */
    public static Path resolve(Function<String, String> properties) {
        return configured(properties).orElseGet(() -> Path.of("data").toAbsolutePath());
    }

    /** The data directory when {@value #DATA} or {@value #HOME} is set (absolute if the property is), else empty. */
    public static Optional<Path> configured(Function<String, String> properties) {
        String data = properties.apply(DATA);
        if (data != null && !data.isBlank()) {
            return Optional.of(Path.of(data));
        }
        return home(properties).map(h -> h.resolve("data"));
    }

    /** {@value #HOME} made absolute, when set. */
    public static Optional<Path> home(Function<String, String> properties) {
        String home = properties.apply(HOME);
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home).toAbsolutePath());
    }
}
