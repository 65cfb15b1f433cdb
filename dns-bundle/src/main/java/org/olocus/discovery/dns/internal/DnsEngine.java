package org.olocus.discovery.dns.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import org.xbill.DNS.Name;

/**
 * Everything built from one configuration: the resolver, the answer cache, the SRV and /dnsaddr lookups and the
 * cache of whole domain results (which lets a repeated lookup skip even the per-question cache). A new
 * configuration builds a new engine, so nothing cached under the old resolvers survives a change of them.
 */
final class DnsEngine {
    private final DnsSettings settings;
    private final AnswerCache answers;
    private final DnsQuerier querier;
    private final SrvLookup srv;
    private final DnsaddrLookup dnsaddr;
    private final LongSupplier nanoClock;
    private final Map<ResultKey, DomainResult> results = new ConcurrentHashMap<>();
    private final Map<ResultKey, CompletableFuture<DomainResult>> running = new ConcurrentHashMap<>();

    private record ResultKey(DomainResult.Source source, Name domain) {
    }

    DnsEngine(DnsSettings settings, Executor executor, RejectLog rejects, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.answers = new AnswerCache(nanoClock);
        this.querier = new DnsQuerier(ResolverFactory.create(settings.resolvers(), settings.timeout()), answers,
                settings.cacheTtl().toSeconds(), executor, nanoClock);
        this.srv = new SrvLookup(querier, settings, rejects, nanoClock, RandomGenerator.getDefault());
        this.dnsaddr = new DnsaddrLookup(querier, rejects, nanoClock);
    }

    DnsSettings settings() {
        return settings;
    }

    /** The configured domains' results: cached ones while valid, fresh lookups for the rest, all bounded. */
    List<CompletableFuture<DomainResult>> lookupAll() {
        List<CompletableFuture<DomainResult>> out = new ArrayList<>();
        long deadline = nanoClock.getAsLong() + settings.timeout().toNanos();
        settings.domains().forEach(d -> out.add(lookup(DomainResult.Source.SRV, d, deadline)));
        settings.dnsaddrDomains().forEach(d -> out.add(lookup(DomainResult.Source.DNSADDR, d, deadline)));
        return out;
    }

    CompletableFuture<DomainResult> lookup(DomainResult.Source source, Name domain) {
        return lookup(source, domain, nanoClock.getAsLong() + settings.timeout().toNanos());
    }

    private CompletableFuture<DomainResult> lookup(DomainResult.Source source, Name domain, long deadline) {
        ResultKey key = new ResultKey(source, domain);
        DomainResult cached = results.get(key);
        if (cached != null && !cached.expired(nanoClock.getAsLong())) {
            return CompletableFuture.completedFuture(cached);
        }
        // One lookup per domain at a time: a second caller joins the first.
        CompletableFuture<DomainResult> mine = new CompletableFuture<>();
        CompletableFuture<DomainResult> other = running.putIfAbsent(key, mine);
        if (other != null) {
            return other;
        }
        CompletableFuture<DomainResult> work = source == DomainResult.Source.SRV ? srv.lookup(domain, deadline)
                : dnsaddr.lookup(domain, deadline);
        work.whenComplete((r, e) -> {
            if (r != null && !r.expired(nanoClock.getAsLong())) {
                results.put(key, r);
            } else {
                results.remove(key);
            }
            running.remove(key, mine);
            if (e != null) {
                mine.completeExceptionally(e);
            } else {
                mine.complete(r);
            }
        });
        return mine;
    }

    /** Cached answers (per question) and cached domain results, soonest to expire first. */
    List<String> cacheLines() {
        long now = nanoClock.getAsLong();
        List<String> out = new ArrayList<>();
        results.values().stream().filter(r -> !r.expired(now))
                .sorted(java.util.Comparator.comparingLong(DomainResult::expiresAtNanos))
                .forEach(r -> out.add("result " + r.source() + " " + r.domain() + " expires in "
                        + Math.max(0, (r.expiresAtNanos() - now) / 1_000_000_000L) + "s: " + r.peers().size()
                        + " peers, " + r.addressOnly().size() + " address-only"));
        answers.snapshot().forEach(a -> out.add("answer " + a + " (expires in " + a.remainingSeconds(now) + "s)"));
        return out;
    }

    /** Forgets every cached answer and result; returns how many entries went. */
    int flush() {
        int n = results.size();
        results.clear();
        return n + answers.clear();
    }

    AnswerCache answers() {
        return answers;
    }

    DnsQuerier querier() {
        return querier;
    }
}
