package org.olocus.discovery.dns.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.xbill.DNS.Name;

/**
 * Answers by question, each kept exactly as long as its own TTL allows: the smallest TTL of the records it used
 * (CNAMEs included) for a positive answer, the SOA's negative TTL (RFC 2308: min of SOA TTL and MINIMUM) for
 * NXDOMAIN and NODATA, both capped by {@code cache_ttl}. Failures (timeouts, SERVFAIL) are never cached, so the
 * next round asks again. The number of entries is bounded.
 */
final class AnswerCache {
    static final int MAX_ENTRIES = 4096;

    /** A question: a name and a record type. */
    record Key(Name name, int type) {
    }

    private final Map<Key, DnsAnswer> entries = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    AnswerCache(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    Optional<DnsAnswer> get(Key key) {
        DnsAnswer a = entries.get(key);
        if (a != null && a.expired(nanoClock.getAsLong())) {
            entries.remove(key, a);
            a = null;
        }
        (a == null ? misses : hits).incrementAndGet();
        return Optional.ofNullable(a);
    }

    void put(DnsAnswer answer) {
        if (answer.ttlSeconds() <= 0) {
            return; // TTL 0 means "use once", and an answer without SOA has no negative TTL (RFC 2308 §5)
        }
        if (entries.size() >= MAX_ENTRIES) {
            purgeExpired();
            if (entries.size() >= MAX_ENTRIES) {
                refused.incrementAndGet();
                return;
            }
        }
        entries.put(new Key(answer.name(), answer.type()), answer);
    }

    void purgeExpired() {
        long now = nanoClock.getAsLong();
        entries.values().removeIf(a -> a.expired(now));
    }

    int clear() {
        int n = entries.size();
        entries.clear();
        return n;
    }

    /** The live entries, soonest to expire first. */
    List<DnsAnswer> snapshot() {
        purgeExpired();
        List<DnsAnswer> out = new ArrayList<>(entries.values());
        out.sort(Comparator.comparingLong(DnsAnswer::expiresAtNanos));
        return out;
    }

    long hits() {
        return hits.get();
    }

    long misses() {
        return misses.get();
    }

    /** Answers not stored because the cache was full of live entries. */
    long refused() {
        return refused.get();
    }

    int size() {
        return entries.size();
    }
}
