package org.olocus.discovery.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class AnswerCacheTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1000 * SECOND);
    private final AnswerCache cache = new AnswerCache(now::get);

    private DnsAnswer answer(String name, long ttl) {
        return ResponseReader.answer(Name.fromConstantString(name), Type.TXT, DnsAnswer.Outcome.NX_DOMAIN, List.of(),
                List.of(), ttl, now.get(), 0);
    }

    private AnswerCache.Key key(String name) {
        return new AnswerCache.Key(Name.fromConstantString(name), Type.TXT);
    }

    @Test
    void anEntryLivesExactlyItsTtl() {
        cache.put(answer("a.test.", 2));
        now.addAndGet(2 * SECOND - 1);
        assertTrue(cache.get(key("a.test.")).isPresent());
        now.addAndGet(1);
        assertTrue(cache.get(key("a.test.")).isEmpty());
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
    }

    @Test
    void zeroTtlIsNeverStoredAndTheSizeIsBounded() {
        cache.put(answer("zero.test.", 0));
        assertTrue(cache.get(key("zero.test.")).isEmpty());
        for (int i = 0; i < AnswerCache.MAX_ENTRIES + 10; i++) {
            cache.put(answer("n" + i + ".test.", 60));
        }
        assertEquals(AnswerCache.MAX_ENTRIES, cache.size());
        assertEquals(10, cache.refused());
        now.addAndGet(61 * SECOND);
        cache.put(answer("fresh.test.", 60)); // expired entries make room
        assertEquals(1, cache.size());
    }
}
