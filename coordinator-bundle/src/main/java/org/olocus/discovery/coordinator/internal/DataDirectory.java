package org.olocus.discovery.coordinator.internal;

import java.nio.file.Path;
import java.util.function.Function;

/** Where the node keeps its files: {@code olocus.data}, else {@code <olocus.home>/data}, else {@code ./data}. */
final class DataDirectory {
    private DataDirectory() {
    }

    static Path resolve(Function<String, String> properties) {
        String data = properties.apply("olocus.data");
        if (data != null && !data.isBlank()) {
            return Path.of(data);
        }
        String home = properties.apply("olocus.home");
        return (home != null && !home.isBlank() ? Path.of(home) : Path.of("")).resolve("data").toAbsolutePath();
    }
}
