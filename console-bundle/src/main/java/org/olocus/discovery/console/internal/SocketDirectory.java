package org.olocus.discovery.console.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The directory the control socket is bound in must keep everyone but its owner out before the socket exists:
 * whoever can connect can run any shell command on the node, and a socket file's own permission can only be set
 * after {@code bind}. Made {@code rwx------} when missing (its parent must exist); an existing one must be a real
 * directory (not a symbolic link) with no permission for group or others. {@code bin/olocus} has made and checked
 * it already, owner included; this check also covers other launchers.
 */
final class SocketDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.complementOf(EnumSet.copyOf(OWNER_ONLY));

    private SocketDirectory() {
    }

    /** Makes or checks {@code dir}; the message of the {@link IOException} names what is wrong. */
    static void prepare(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // checked below
        } catch (NoSuchFileException e) {
            throw new IOException("cannot make " + dir + " for the control socket: " + dir.getParent()
                    + " does not exist");
        }
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new IOException(dir + " is not a directory (" + (attributes.isSymbolicLink() ? "a symbolic link"
                    : "a file") + "); the control socket is bound only in a private directory");
        }
        if (attributes.permissions().stream().anyMatch(NOT_OWNER::contains)) {
            throw new IOException(dir + " has permissions " + PosixFilePermissions.toString(attributes.permissions())
                    + "; the control socket is bound only in a directory its owner alone may enter (chmod 700 "
                    + dir + ")");
        }
    }
}
