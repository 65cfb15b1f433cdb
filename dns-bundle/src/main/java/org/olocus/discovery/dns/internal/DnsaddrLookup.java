package org.olocus.discovery.dns.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryException.Kind;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.MultiaddrProtocol;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * libp2p's {@code /dnsaddr} resolution, as the IPFS bootstrap list is published: the TXT records at
 * {@code _dnsaddr.<domain>} hold {@code dnsaddr=<multiaddr>}; an entry that is itself {@code /dnsaddr/<name>[/p2p/<id>]}
 * is resolved in turn (at most {@link #MAX_DEPTH} levels, a name already on the path is a loop and skipped) and,
 * when it names a peer, only the results for that peer are kept. Addresses that end in {@code /p2p/<id>} become
 * peers; the rest are address-only. The whole resolution asks about at most {@link #MAX_NAMES} names.
 */
final class DnsaddrLookup {
    static final String LABEL = "_dnsaddr";
    static final int MAX_DEPTH = 8;
    static final int MAX_NAMES = 64;
    static final int MAX_ADDRESSES = 256;

    private final DnsQuerier querier;
    private final RejectLog rejects;
    private final LongSupplier nanoClock;

    DnsaddrLookup(DnsQuerier querier, RejectLog rejects, LongSupplier nanoClock) {
        this.querier = querier;
        this.rejects = rejects;
        this.nanoClock = nanoClock;
    }

    /** One resolved address and the name whose TXT gave it. */
    private record Found(Multiaddr address, Name at) {
    }

    /** State shared by the branches of one resolution. */
    private final class Resolution {
        final long deadlineNanos;
        final AtomicInteger names = new AtomicInteger();
        final AtomicLong expires = new AtomicLong(Long.MAX_VALUE);
        final AtomicBoolean incomplete = new AtomicBoolean();
        final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());

        Resolution(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        void problem(Name at, String category, String detail) {
            problems.add(rejects.reject(at.toString(), new PeerTxt.Problem(category, detail)));
        }

        void expiresBy(long nanos) {
            expires.accumulateAndGet(nanos, Math::min);
        }
    }

    CompletableFuture<DomainResult> lookup(Name domain, long deadlineNanos) {
        long start = nanoClock.getAsLong();
        Resolution r = new Resolution(deadlineNanos);
        Name top = DnsSettings.concat(LABEL, domain);
        return querier.ask(top, Type.TXT, deadlineNanos).thenCompose(answer -> {
            r.expiresBy(answer.expiresAtNanos());
            if (!answer.found()) {
                DiscoveryException e = new DiscoveryException(Kind.DNS, (answer.outcome() == DnsAnswer.Outcome.NX_DOMAIN
                        ? "NXDOMAIN for " : "no dnsaddr records at ") + top + " TXT");
                return CompletableFuture.completedFuture(result(domain, r, List.of(), Optional.of(e), start));
            }
            r.names.incrementAndGet();
            return entries(answer, top, domain, 0, Set.of(domain), r)
                    .thenApply(found -> result(domain, r, found, Optional.empty(), start));
        }).exceptionally(e -> {
            r.incomplete.set(true);
            return result(domain, r, List.of(), Optional.of(DnsFailures.of(e, top + " TXT")), start);
        });
    }

    /** Resolves {@code name}'s dnsaddr records, {@code depth} levels below the configured domain. */
    private CompletableFuture<List<Found>> resolve(Name name, int depth, Set<Name> path, Resolution r) {
        Name txtName = DnsSettings.concat(LABEL, name);
        if (r.names.incrementAndGet() > MAX_NAMES) {
            r.problem(txtName, "too many entries", "resolution asks about more than " + MAX_NAMES + " names; "
                    + name + " skipped");
            return CompletableFuture.completedFuture(List.of());
        }
        return querier.ask(txtName, Type.TXT, r.deadlineNanos).thenCompose(answer -> {
            r.expiresBy(answer.expiresAtNanos());
            if (!answer.found()) {
                r.problem(txtName, "dnsaddr dead end", "/dnsaddr/" + name + " has no dnsaddr records ("
                        + answer.outcome() + ")");
                return CompletableFuture.completedFuture(List.<Found>of());
            }
            return entries(answer, txtName, name, depth, path, r);
        }).exceptionally(e -> {
            r.incomplete.set(true);
            r.problems.add(txtName + ": " + DnsFailures.of(e, txtName + " TXT").getMessage());
            return List.of();
        });
    }

    private CompletableFuture<List<Found>> entries(DnsAnswer answer, Name txtName, Name name, int depth,
                                                   Set<Name> path, Resolution r) {
        List<List<byte[]>> strings = new ArrayList<>();
        answer.records().forEach(rec -> strings.add(((TXTRecord) rec).getStringsAsByteArrays()));
        DnsaddrTxt.Parsed parsed = DnsaddrTxt.parse(strings);
        parsed.problems().forEach(p -> r.problems.add(rejects.reject(txtName.toString(), p)));
        List<CompletableFuture<List<Found>>> parts = new ArrayList<>();
        for (Multiaddr address : parsed.addresses()) {
            List<Multiaddr.Component> cs = address.components();
            if (cs.get(0).protocol() != MultiaddrProtocol.DNSADDR) {
                parts.add(CompletableFuture.completedFuture(List.of(new Found(address, name))));
                continue;
            }
            Name next;
            try {
                next = DnsSettings.name("dnsaddr", cs.get(0).valueText());
            } catch (IllegalArgumentException e) {
                r.problem(txtName, "bad addr", address + ": " + e.getMessage());
                continue;
            }
            if (path.contains(next)) {
                r.problem(txtName, "dnsaddr loop", address + " leads back to " + next + " (path " + path + ")");
                continue;
            }
            if (depth + 1 > MAX_DEPTH) {
                r.problem(txtName, "dnsaddr too deep", address + " is deeper than " + MAX_DEPTH + " levels");
                continue;
            }
            Optional<PeerId> wanted = address.peerId();
            Set<Name> longer = new HashSet<>(path);
            longer.add(next);
            parts.add(resolve(next, depth + 1, longer, r).thenApply(found -> wanted.isEmpty() ? found
                    : found.stream().filter(f -> f.address().peerId().equals(wanted)).toList()));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> parts.stream().flatMap(p -> p.join().stream()).collect(Collectors.toList()));
    }

    private DomainResult result(Name domain, Resolution r, List<Found> found, Optional<DiscoveryException> error,
                                long start) {
        Map<PeerId, List<Multiaddr>> byPeer = new LinkedHashMap<>();
        Map<Name, List<Multiaddr>> withoutId = new LinkedHashMap<>();
        int kept = 0;
        for (Found f : found) {
            if (++kept > MAX_ADDRESSES) {
                r.problem(domain, "too many entries", found.size() + " addresses, only " + MAX_ADDRESSES + " kept");
                break;
            }
            Optional<PeerId> id = f.address().peerId();
            if (id.isPresent()) {
                List<Multiaddr> list = byPeer.computeIfAbsent(id.get(), k -> new ArrayList<>());
                Multiaddr bare = f.address().withoutPeerId();
                if (!bare.isEmpty() && !list.contains(bare)) {
                    list.add(bare);
                }
            } else {
                withoutId.computeIfAbsent(f.at(), k -> new ArrayList<>()).add(f.address());
            }
        }
        List<PeerInfo> peers = new ArrayList<>();
        byPeer.forEach((id, addrs) -> peers.add(PeerInfo.discovered(id, addrs, DiscoveryType.DNS)));
        List<AddressOnlyTarget> addressOnly = new ArrayList<>();
        withoutId.forEach((at, addrs) -> addressOnly.add(new AddressOnlyTarget("/dnsaddr/" + at, addrs,
                "dnsaddr entries without /p2p/<id>")));
        long now = nanoClock.getAsLong();
        long expires = r.incomplete.get() ? now : Math.min(r.expires.get(), now + 86_400_000_000_000L);
        return new DomainResult(domain.toString(), DomainResult.Source.DNSADDR, peers, addressOnly,
                List.copyOf(r.problems), error, Instant.now(), (now - start) / 1000, expires);
    }
}
