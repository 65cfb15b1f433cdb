package org.olocus.discovery.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ScriptSplitterTest {
    @Test
    void splitsAtSemicolonsAndNewlinesOutsideQuotes() {
        assertEquals(List.of("discovery:peers", "echo 'a;b'", "echo \"c;d\"", "lb"),
                ScriptSplitter.split(" discovery:peers ;echo 'a;b'; echo \"c;d\"\nlb;;"));
    }

    @Test
    void anUnterminatedQuoteIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScriptSplitter.split("echo 'oops"));
        assertTrue(e.getMessage().contains("unterminated ' quote"), e.getMessage());
    }
}
