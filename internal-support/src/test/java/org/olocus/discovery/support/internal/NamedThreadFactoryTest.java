package org.olocus.discovery.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamedThreadFactoryTest {
    @Test
    void namesThreadsOlocusNameCountingFromOneAndMakesDaemons() {
        NamedThreadFactory factory = new NamedThreadFactory("coordinator-store");
        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });
        assertEquals("olocus-coordinator-store-1", first.getName());
        assertEquals("olocus-coordinator-store-2", second.getName());
        assertTrue(first.isDaemon());
        assertTrue(second.isDaemon());
    }

    @Test
    void eachFactoryCountsOnItsOwn() {
        new NamedThreadFactory("dns").newThread(() -> { });
        assertEquals("olocus-dns-1", new NamedThreadFactory("dns").newThread(() -> { }).getName());
    }

    @Test
    void aSingleThreadHasNoNumber() {
        Thread t = NamedThreadFactory.single("transport-events").newThread(() -> { });
        assertEquals("olocus-transport-events", t.getName());
        assertTrue(t.isDaemon());
    }
}
