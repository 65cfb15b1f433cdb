package org.olocus.discovery.launcher;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A directory only its owner can enter, made for the control socket: whoever can connect to that socket can run
 * any shell command on the node. It is created {@code rwx------} in one step (never widened, then narrowed), so the
 * socket is private from the moment it is bound. An existing directory is used only when it is a real directory
 * (not a symbolic link), owned by us, with no permission for group or others.
 */
final class PrivateDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> NOT_OURS = EnumSet.complementOf(EnumSet.copyOf(OWNER_ONLY));

    private final long uid;

    /** Directories owned by {@code uid}. */
    PrivateDirectory(long uid) {
        this.uid = uid;
    }

    /**
     * Makes {@code dir} (its parent must exist) or checks the one there; refuses an unsafe one with an
     * {@link IllegalStateException} whose message names what is wrong.
     */
    Path ensure(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // made earlier, or by another launcher at the same moment: checked below like any other
        }
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new IllegalStateException(dir + " is not a directory (" + (attributes.isSymbolicLink() ? "a symbolic link"
                    : "a file") + "); the control socket needs a private directory there: remove it");
        }
        Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (((Number) owner).longValue() != uid) {
            throw new IllegalStateException(dir + " belongs to uid " + owner + ", not to us (uid " + uid
                    + "); the control socket needs a directory of our own: remove it or set XDG_RUNTIME_DIR");
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (!permissions.containsAll(OWNER_ONLY) || permissions.stream().anyMatch(NOT_OURS::contains)) {
            throw new IllegalStateException(dir + " has permissions " + PosixFilePermissions.toString(permissions)
                    + "; the control socket needs rwx------ (only the owner may enter): chmod 700 " + dir);
        }
        return dir;
    }
}
