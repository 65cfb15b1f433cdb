package org.olocus.discovery.console.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.olocus.discovery.support.internal.DataDirectory;
import org.osgi.framework.BundleContext;

/**
 * Where to serve the control socket. {@code bin/olocus} computes it (a short path of its own, in a private
 * directory it has made and checked) and passes it as the framework property {@value #PROPERTY}; the console binds
 * exactly that. Without the property (another launcher) the socket goes to {@code <data dir>/control/control.sock},
 * the data dir being {@code olocus.data}, else {@code <olocus.home>/data}, else {@code <karaf.data>/olocus}, else
 * {@code ./data}; its {@code control/} directory is made owner-only here.
 */
final class SocketLocation {
    static final String PROPERTY = "olocus.control.socket";
    static final String FALLBACK_DIRECTORY = "control";
    static final String FALLBACK_FILE = "control.sock";

    private SocketLocation() {
    }

    static Path of(BundleContext context) throws IOException {
        String given = context.getProperty(PROPERTY);
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        return fallback(dataDirectory(context));
    }

    /** {@code <data>/control/control.sock}, its directory made {@code rwx------} if it is not there yet. */
    static Path fallback(Path data) throws IOException {
        Path dir = data.resolve(FALLBACK_DIRECTORY);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(data);
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return dir.resolve(FALLBACK_FILE);
    }

    /** {@link DataDirectory}'s answer, but under Karaf without olocus.data/olocus.home: {@code <karaf.data>/olocus}. */
    private static Path dataDirectory(BundleContext context) {
        return DataDirectory.configured(context::getProperty).orElseGet(() -> {
            String karafData = context.getProperty("karaf.data");
            return karafData != null && !karafData.isBlank() ? Path.of(karafData).resolve("olocus")
                    : DataDirectory.resolve(context::getProperty);
        });
    }
}
