package org.olocus.discovery.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the node of a home serves its control socket: {@code <runtime dir>/olocus-<uid>/<16 hex>.sock}, the hex
 * being the start of the SHA-256 of the home's real path. A unix socket path has at most 107 bytes, which a path
 * under the home would exceed for any deep checkout; this one is about 45 bytes from any home. The runtime dir is
 * {@code $XDG_RUNTIME_DIR} when it is set, exists and leaves room, else {@code /tmp}.
 *
 * <p>This is the one place the path is computed: the launcher hands it to the console bundle as the framework
 * property {@value #PROPERTY}.
 */
final class ControlSocketPath {
    /** The framework property that tells the console bundle where to bind. */
    static final String PROPERTY = "olocus.control.socket";
    /** {@code sun_path} is 108 bytes, one of them the terminating NUL. */
    static final int MAX_BYTES = 107;
    private static final Path FALLBACK_RUNTIME_DIR = Path.of("/tmp");

    private ControlSocketPath() {
    }

    /** The socket of the node in {@code home} for the current user and environment. */
    static Path forHome(Path home) throws java.io.IOException {
        return forHome(home.toRealPath(), System.getenv("XDG_RUNTIME_DIR"), CurrentUser.uid());
    }

    /**
     * The socket for the home whose real path is {@code realHome}, for user {@code uid}, preferring
     * {@code runtimeDir} (may be {@code null}).
     */
    static Path forHome(Path realHome, String runtimeDir, long uid) {
        String name = hashOf(realHome) + ".sock";
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            Path preferred = Path.of(runtimeDir);
            Path socket = preferred.resolve("olocus-" + uid).resolve(name);
            if (preferred.isAbsolute() && Files.isDirectory(preferred) && fits(socket)) {
                return socket;
            }
        }
        return FALLBACK_RUNTIME_DIR.resolve("olocus-" + uid).resolve(name); // at most 45 bytes
    }

    /** Whether a unix socket can be bound at {@code socket}. */
    static boolean fits(Path socket) {
        return socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    private static String hashOf(Path realHome) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(realHome.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
