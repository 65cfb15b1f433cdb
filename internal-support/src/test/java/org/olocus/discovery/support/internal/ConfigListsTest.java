package org.olocus.discovery.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigListsTest {
    @Test
    void anArrayFromConfigAdmin() {
        assertEquals(List.of("a", "b"), ConfigLists.values(new String[] {" a ", "b"}));
    }

    @Test
    void oneCommaSeparatedStringFromACfgFile() {
        assertEquals(List.of("a", "b", "c"), ConfigLists.values(new String[] {"a, b,,c, "}));
        assertEquals(List.of("x", "y", "z"), ConfigLists.values(new String[] {"x,y", "z"}));
    }

    @Test
    void nothing() {
        assertEquals(List.of(), ConfigLists.values(null));
        assertEquals(List.of(), ConfigLists.values(new String[0]));
        assertEquals(List.of(), ConfigLists.values(new String[] {""}));
    }
}
