package org.olocus.discovery.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketPathTest {
    private static final long UID = 1000;

    @Test
    void aHomeOf300CharactersGetsAShortSocketUnderTmp() {
        Path home = Path.of("/tmp/" + "a".repeat(40) + "/src/" + "b".repeat(255));
        assertTrue(home.toString().length() > 300);
        Path socket = ControlSocketPath.forHome(home, null, UID);
        assertEquals(Path.of("/tmp/olocus-1000"), socket.getParent());
        assertTrue(socket.getFileName().toString().matches("[0-9a-f]{16}\\.sock"), socket.toString());
        assertTrue(ControlSocketPath.fits(socket));
        assertTrue(socket.toString().length() <= 45, socket.toString());
    }

    @Test
    void eachHomeHasItsOwnSocketAndKeepsIt() {
        Path a = ControlSocketPath.forHome(Path.of("/srv/node1"), null, UID);
        assertEquals(a, ControlSocketPath.forHome(Path.of("/srv/node1"), null, UID));
        assertNotEquals(a, ControlSocketPath.forHome(Path.of("/srv/node2"), null, UID));
        assertNotEquals(a.getParent(), ControlSocketPath.forHome(Path.of("/srv/node1"), null, 1001).getParent());
    }

    @Test
    void theRuntimeDirIsPreferredWhenItExistsAndLeavesRoom(@TempDir Path runtime) throws Exception {
        Path home = Path.of("/srv/node1");
        assertEquals(runtime.resolve("olocus-1000"),
                ControlSocketPath.forHome(home, runtime.toString(), UID).getParent());

        Path deep = Files.createDirectories(runtime.resolve("r".repeat(100)));
        assertEquals(Path.of("/tmp/olocus-1000"), ControlSocketPath.forHome(home, deep.toString(), UID).getParent(),
                "a runtime dir too long for a socket path falls back to /tmp");
        assertEquals(Path.of("/tmp/olocus-1000"),
                ControlSocketPath.forHome(home, runtime.resolve("gone").toString(), UID).getParent());
        assertEquals(Path.of("/tmp/olocus-1000"), ControlSocketPath.forHome(home, "relative/dir", UID).getParent());
        assertEquals(Path.of("/tmp/olocus-1000"), ControlSocketPath.forHome(home, "", UID).getParent());
    }

    @Test
    void aHomeReachedThroughASymbolicLinkSharesTheSocket(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), home);
        assertEquals(ControlSocketPath.forHome(home), ControlSocketPath.forHome(link));
    }
}
