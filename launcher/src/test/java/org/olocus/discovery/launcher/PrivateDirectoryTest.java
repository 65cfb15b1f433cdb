package org.olocus.discovery.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDirectoryTest {
    private static final long UID = CurrentUser.uid();

    @Test
    void aNewDirectoryIsOwnerOnlyFromTheStart(@TempDir Path parent) throws Exception {
        Path dir = new PrivateDirectory(UID).ensure(parent.resolve("olocus-" + UID));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(UID, ((Number) Files.getAttribute(dir, "unix:uid")).longValue());
        assertEquals(dir, new PrivateDirectory(UID).ensure(dir), "an existing private directory of ours is used");
    }

    @Test
    void aDirectoryOthersMayEnterIsRefused(@TempDir Path parent) throws Exception {
        Path dir = Files.createDirectory(parent.resolve("loose"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PrivateDirectory(UID).ensure(dir));
        assertEquals(dir + " has permissions rwxr-xr-x; the control socket needs rwx------ (only the owner may "
                + "enter): chmod 700 " + dir, e.getMessage());

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx-----x"));
        assertThrows(IllegalStateException.class, () -> new PrivateDirectory(UID).ensure(dir));
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused(@TempDir Path parent) throws Exception {
        Path dir = new PrivateDirectory(UID).ensure(parent.resolve("ours"));
        long someoneElse = UID + 1;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PrivateDirectory(someoneElse).ensure(dir));
        assertEquals(dir + " belongs to uid " + UID + ", not to us (uid " + someoneElse + "); the control socket "
                + "needs a directory of our own: remove it or set XDG_RUNTIME_DIR", e.getMessage());
    }

    @Test
    void aDirectoryChownedToAnotherUserIsRefused(@TempDir Path parent) throws Exception {
        assumeTrue(UID == 0, "only root can give a directory away");
        Path dir = new PrivateDirectory(UID).ensure(parent.resolve("given-away"));
        Files.setAttribute(dir, "unix:uid", 65534);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PrivateDirectory(UID).ensure(dir));
        assertTrue(e.getMessage().startsWith(dir + " belongs to uid 65534, not to us (uid 0)"), e.getMessage());
    }

    @Test
    void aSymbolicLinkOrAFileIsRefused(@TempDir Path parent) throws Exception {
        Path target = new PrivateDirectory(UID).ensure(parent.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(parent.resolve("link"), target);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PrivateDirectory(UID).ensure(link));
        assertTrue(e.getMessage().startsWith(link + " is not a directory (a symbolic link)"), e.getMessage());

        Path file = Files.writeString(parent.resolve("file"), "x");
        e = assertThrows(IllegalStateException.class, () -> new PrivateDirectory(UID).ensure(file));
        assertTrue(e.getMessage().startsWith(file + " is not a directory (a file)"), e.getMessage());
    }
}
