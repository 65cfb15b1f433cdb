package org.olocus.discovery.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code data/control.path}: one line, the control socket the node of this home answers on. The node that holds
 * the home lock writes it once its socket answers and removes it before it stops; {@code --exec} reads it rather
 * than computing the path itself, so a node started with another {@code XDG_RUNTIME_DIR} is still found. Operators
 * read it to find the socket. Only the lock holder may write or remove it, so a file left by a killed node is
 * removed by the next node, never trusted while no node holds the lock.
 */
final class ControlPathFile {
    static final String FILE = "control.path";

    private final Path file;

    ControlPathFile(Path data) {
        this.file = data.resolve(FILE);
    }

    /** Says where the socket is; replaced in one step, so a reader sees the old file or the whole new one. */
    void publish(Path socket) throws IOException {
        Path partial = file.resolveSibling(FILE + ".partial");
        Files.writeString(partial, socket + "\n", StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The socket the node said it answers on, if it said so. */
    Optional<Path> read() throws IOException {
        try {
            String line = Files.readString(file, StandardCharsets.UTF_8).trim();
            return line.isEmpty() ? Optional.empty() : Optional.of(Path.of(line));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    void remove() throws IOException {
        Files.deleteIfExists(file);
    }
}
