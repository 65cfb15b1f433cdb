package org.olocus.discovery.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        assertEquals(Duration.ofSeconds(60), o.execWait());
    }

    @Test
    void readsHomeDaemonAndExec() {
        Options o = Options.parse(new String[] {"--home", "/srv/n2", "--daemon", "--exec", "discovery:peers; lb"},
                INSTALL, INSTALL);
        assertEquals(Path.of("/srv/n2"), o.home());
        assertTrue(o.daemon());
        assertEquals("discovery:peers; lb", o.exec());
        assertEquals(Duration.ofSeconds(5), Options.parse(new String[] {"--exec", "lb", "--wait", "5"}, INSTALL,
                INSTALL).execWait());
    }

    @Test
    void badCommandLinesAreNamed() {
        assertEquals("unknown option --deamon", assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--deamon"}, INSTALL, INSTALL)).getMessage());
        assertEquals("--home needs a value", assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--home"}, INSTALL, INSTALL)).getMessage());
        assertEquals("--exec needs at least one command", assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--exec", " "}, INSTALL, INSTALL)).getMessage());
        assertEquals("--wait needs a number of seconds (0 or more), not '1m'", assertThrows(
                IllegalArgumentException.class, () -> Options.parse(new String[] {"--wait", "1m"}, INSTALL, INSTALL))
                .getMessage());
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
