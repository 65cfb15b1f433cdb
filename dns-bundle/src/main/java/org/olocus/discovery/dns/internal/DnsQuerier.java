package org.olocus.discovery.dns.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryException.Kind;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Type;

/**
 * Asks one question at a time through dnsjava's {@link Resolver} (which does the wire format, UDP with the retry
 * over TCP for truncated answers, and the per-query timeout), answers from the {@link AnswerCache} while it can,
 * merges identical questions in flight, follows CNAMEs that leave a response, and bounds every call by the
 * caller's deadline. Failures complete the stage with a {@link DiscoveryException}.
 */
final class DnsQuerier {
    private final Resolver resolver;
    private final AnswerCache cache;
    private final long cacheTtlSeconds;
    private final Executor executor;
    private final LongSupplier nanoClock;
    private final Map<AnswerCache.Key, CompletableFuture<DnsAnswer>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong overLimit = new AtomicLong();

    DnsQuerier(Resolver resolver, AnswerCache cache, long cacheTtlSeconds, Executor executor, LongSupplier nanoClock) {
        this.resolver = resolver;
        this.cache = cache;
        this.cacheTtlSeconds = cacheTtlSeconds;
        this.executor = executor;
        this.nanoClock = nanoClock;
    }

    /** The answer to {@code name type}, from the cache or the server, by {@code deadlineNanos} at the latest. */
    CompletableFuture<DnsAnswer> ask(Name name, int type, long deadlineNanos) {
        return ask(name, type, deadlineNanos, 0);
    }

    private CompletableFuture<DnsAnswer> ask(Name name, int type, long deadlineNanos, int depth) {
        AnswerCache.Key key = new AnswerCache.Key(name, type);
        Optional<DnsAnswer> cached = cache.get(key);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        long remaining = deadlineNanos - nanoClock.getAsLong();
        String what = name + " " + Type.string(type);
        if (remaining <= 0) {
            return CompletableFuture.failedFuture(new DiscoveryException(Kind.TIMEOUT, "no time left to ask " + what));
        }
        CompletableFuture<DnsAnswer> mine = new CompletableFuture<>();
        CompletableFuture<DnsAnswer> shared = inFlight.putIfAbsent(key, mine);
        if (shared == null) {
            shared = mine;
            CompletableFuture<DnsAnswer> work;
            try {
                work = send(key, deadlineNanos, depth);
            } catch (RuntimeException e) { // e.g. the executor is already shut down
                work = CompletableFuture.failedFuture(e);
            }
            work.whenComplete((a, e) -> {
                inFlight.remove(key, mine);
                if (e != null) {
                    mine.completeExceptionally(DnsFailures.of(e, what));
                } else {
                    mine.complete(a);
                }
            });
        }
        // Each caller waits only as long as its own deadline allows; the shared query goes on for the others.
        return shared.copy().orTimeout(remaining, TimeUnit.NANOSECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(DnsFailures.of(e, what)));
    }

    private CompletableFuture<DnsAnswer> send(AnswerCache.Key key, long deadlineNanos, int depth) {
        Message query = Message.newQuery(Record.newRecord(key.name(), key.type(), DClass.IN));
        sent.incrementAndGet();
        return resolver.sendAsync(query, executor).toCompletableFuture().thenCompose(response -> {
            ResponseReader.Result result;
            try {
                result = ResponseReader.read(response, key.name(), key.type(), cacheTtlSeconds, nanoClock.getAsLong());
            } catch (DiscoveryException e) {
                throw new CompletionException(e);
            }
            if (result instanceof ResponseReader.Complete c) {
                return CompletableFuture.completedFuture(store(c.answer()));
            }
            ResponseReader.FollowCname follow = (ResponseReader.FollowCname) result;
            if (depth + follow.aliases().size() >= ResponseReader.MAX_CNAME_CHAIN) {
                throw new CompletionException(new DiscoveryException(Kind.INVALID_DNS_RECORD, "CNAME chain from "
                        + key.name() + " longer than " + ResponseReader.MAX_CNAME_CHAIN));
            }
            return ask(follow.next(), key.type(), deadlineNanos, depth + follow.aliases().size())
                    .thenApply(end -> store(throughAliases(key, follow, end)));
        });
    }

    private DnsAnswer store(DnsAnswer answer) {
        if (answer.overLimit() > 0) {
            overLimit.addAndGet(answer.overLimit());
        }
        cache.put(answer);
        return answer;
    }

    /** The answer for the alias: the target's records, valid while both the CNAMEs and the target's answer are. */
    private DnsAnswer throughAliases(AnswerCache.Key key, ResponseReader.FollowCname follow, DnsAnswer end) {
        List<Name> aliases = new ArrayList<>(follow.aliases());
        aliases.addAll(end.aliases());
        if (aliases.contains(end.name()) && !end.aliases().isEmpty()) {
            throw new CompletionException(new DiscoveryException(Kind.INVALID_DNS_RECORD, "CNAME loop through "
                    + end.name() + " for " + key.name()));
        }
        long now = nanoClock.getAsLong();
        long ttl = Math.min(follow.ttl(), end.remainingSeconds(now));
        return new DnsAnswer(key.name(), key.type(), end.outcome(), end.records(), aliases, ttl,
                Math.min(end.expiresAtNanos(), now + ttl * 1_000_000_000L), 0);
    }

    /** Queries sent to a server (cache hits and merged duplicates not counted). */
    long queriesSent() {
        return sent.get();
    }

    /** Records ignored because an answer held more than {@link ResponseReader#MAX_RECORDS}. */
    long recordsOverLimit() {
        return overLimit.get();
    }

    /** Questions sent and not answered yet; a caller that asks one of them again joins it. */
    int inFlight() {
        return inFlight.size();
    }
}
