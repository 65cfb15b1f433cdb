package org.olocus.discovery.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DataDirectoryTest {
    @Test
    void olocusDataWins() {
        assertEquals(Path.of("/srv/n1/data"),
                DataDirectory.resolve(Map.of("olocus.data", "/srv/n1/data", "olocus.home", "/opt/olocus")::get));
    }

    @Test
    void elseTheDataDirectoryUnderOlocusHome() {
        assertEquals(Path.of("/opt/olocus/data"), DataDirectory.resolve(Map.of("olocus.home", "/opt/olocus")::get));
        assertEquals(Path.of("rel").toAbsolutePath().resolve("data"),
                DataDirectory.resolve(Map.of("olocus.home", "rel")::get));
    }

    @Test
    void elseDataInTheWorkingDirectory() {
        assertEquals(Path.of("").toAbsolutePath().resolve("data"), DataDirectory.resolve(Map.<String, String>of()::get));
        assertEquals(Path.of("").toAbsolutePath().resolve("data"),
                DataDirectory.resolve(Map.of("olocus.data", " ", "olocus.home", "")::get));
        assertTrue(DataDirectory.configured(Map.<String, String>of()::get).isEmpty());
        assertTrue(DataDirectory.home(Map.of("olocus.home", " ")::get).isEmpty());
    }
}
