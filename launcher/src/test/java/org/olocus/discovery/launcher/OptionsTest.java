package org.olocus.discovery.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {
    private static final Path INSTALL = Path.of("/opt/olocus");

    @Test
    void defaultsToTheInstallationAsHomeInTheForeground() {
        Options o = Options.parse(new String[0], INSTALL, INSTALL);
        assertEquals(INSTALL, o.home());
        assertFalse(o.daemon());
        assertNull(o.exec());
    }

    @Test
    void readsHomeDaemonAndExec() {
        Options o = Options.parse(new String[] {"--home", "/srv/n2", "--daemon", "--exec", "discovery:peers; lb"},
                INSTALL, INSTALL);
        assertEquals(Path.of("/srv/n2"), o.home());
        assertTrue(o.daemon());
        assertEquals("discovery:peers; lb", o.exec());
    }

    @Test
    void badCommandLinesAreNamed() {
        assertEquals("unknown option --deamon", assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--deamon"}, INSTALL, INSTALL)).getMessage());
        assertEquals("--home needs a value", assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--home"}, INSTALL, INSTALL)).getMessage());
        assertEquals("--exec needs at least one command", assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--exec", " "}, INSTALL, INSTALL)).getMessage());
    }

    @Test
    void frameworkPropertiesSubstituteTheNodeVariables(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.properties");
        Files.writeString(file, "org.osgi.framework.storage=${olocus.data}/cache\nplain=value\n");
        Map<String, String> p = FrameworkProperties.load(file, Map.of("olocus.data", "/srv/n2/data"));
        assertEquals("/srv/n2/data/cache", p.get("org.osgi.framework.storage"));
        assertEquals("value", p.get("plain"));
        assertEquals("/srv/n2/data", p.get("olocus.data"));

        Files.writeString(file, "x=${nowhere.set}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameworkProperties.load(file, Map.of()));
        assertTrue(e.getMessage().contains("x uses ${nowhere.set}"), e.getMessage());
    }
}
