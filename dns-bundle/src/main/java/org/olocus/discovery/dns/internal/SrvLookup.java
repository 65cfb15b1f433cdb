package org.olocus.discovery.dns.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryException.Kind;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * One lookup of a discovery domain: the SRV records at {@code _olocus._tcp.<domain>}, then for every target at
 * once its TXT at {@code _olocus-peer.<target>} and its A and AAAA records. A target with a valid {@code peer_id}
 * becomes a peer with its {@code addr=} values and {@code /ip4|ip6/<address>/tcp/<port>}; one without is reported
 * as address-only. A failure of one target's queries never hides the other targets.
 */
final class SrvLookup {
    static final String PEER_LABEL = "_olocus-peer";
    static final int MAX_TARGETS = 32;

    private final DnsQuerier querier;
    private final DnsSettings settings;
    private final RejectLog rejects;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;

    SrvLookup(DnsQuerier querier, DnsSettings settings, RejectLog rejects, LongSupplier nanoClock,
              RandomGenerator random) {
        this.querier = querier;
        this.settings = settings;
        this.rejects = rejects;
        this.nanoClock = nanoClock;
        this.random = random;
    }

    /** What one SRV target yielded, and until when. */
    private record Target(SRVRecord srv, Optional<PeerInfo> peer, Optional<AddressOnlyTarget> addressOnly,
                          List<String> problems, long expiresAtNanos) {
    }

    CompletableFuture<DomainResult> lookup(Name domain, long deadlineNanos) {
        long start = nanoClock.getAsLong();
        Name srvName = settings.srvName(domain);
        return querier.ask(srvName, Type.SRV, deadlineNanos).thenCompose(answer -> {
            if (!answer.found()) {
                DiscoveryException e = new DiscoveryException(Kind.DNS, answer.outcome() == DnsAnswer.Outcome.NX_DOMAIN
                        ? "NXDOMAIN for " + srvName + " SRV" : "no SRV records at " + srvName);
                return CompletableFuture.completedFuture(failed(domain, e, start, answer.expiresAtNanos()));
            }
            List<SRVRecord> srvs = new ArrayList<>();
            answer.records().forEach(r -> srvs.add((SRVRecord) r));
            List<String> problems = new ArrayList<>();
            if (SrvOrder.serviceDeclined(srvs)) {
                return CompletableFuture.completedFuture(result(domain, List.of(), problems, start,
                        answer.expiresAtNanos()));
            }
            List<SRVRecord> ordered = SrvOrder.order(srvs, random);
            if (ordered.size() > MAX_TARGETS) {
                problems.add(rejects.reject(srvName.toString(), new PeerTxt.Problem("too many entries",
                        ordered.size() + " SRV targets, only the first " + MAX_TARGETS + " are used")));
                ordered = ordered.subList(0, MAX_TARGETS);
            }
            List<CompletableFuture<Target>> targets = new ArrayList<>();
            for (SRVRecord srv : ordered) {
                targets.add(target(srv, deadlineNanos));
            }
            return CompletableFuture.allOf(targets.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<Target> done = targets.stream().map(CompletableFuture::join).toList();
                long expires = answer.expiresAtNanos();
                for (Target t : done) {
                    expires = Math.min(expires, t.expiresAtNanos());
                    problems.addAll(t.problems());
                }
                return result(domain, done, problems, start, expires);
            });
        }).exceptionally(e -> failed(domain, DnsFailures.of(e, srvName + " SRV"), start, nanoClock.getAsLong()));
    }

    private CompletableFuture<Target> target(SRVRecord srv, long deadlineNanos) {
        Name host = srv.getTarget();
        Name txtName = DnsSettings.concat(PEER_LABEL, host);
        CompletableFuture<Attempt> txt = attempt(txtName, Type.TXT, deadlineNanos);
        CompletableFuture<Attempt> a = attempt(host, Type.A, deadlineNanos);
        CompletableFuture<Attempt> aaaa = attempt(host, Type.AAAA, deadlineNanos);
        return CompletableFuture.allOf(txt, a, aaaa).thenApply(v -> assemble(srv, txtName, txt.join(), a.join(),
                aaaa.join()));
    }

    /** A query that never fails: either an answer or the failure, so one bad target spoils nothing else. */
    private record Attempt(DnsAnswer answer, DiscoveryException failure) {
    }

    private CompletableFuture<Attempt> attempt(Name name, int type, long deadlineNanos) {
        return querier.ask(name, type, deadlineNanos).handle((answer, e) -> e == null ? new Attempt(answer, null)
                : new Attempt(null, DnsFailures.of(e, name + " " + Type.string(type))));
    }

    private Target assemble(SRVRecord srv, Name txtName, Attempt txt, Attempt a, Attempt aaaa) {
        List<String> problems = new ArrayList<>();
        long now = nanoClock.getAsLong();
        long expires = Long.MAX_VALUE;
        boolean anyFailure = false;
        LinkedHashSet<Multiaddr> fromRecords = new LinkedHashSet<>();
        for (Attempt at : List.of(a, aaaa)) {
            if (at.failure() != null) {
                anyFailure = true;
                problems.add(srv.getTarget() + ": " + at.failure().getMessage());
                continue;
            }
            expires = Math.min(expires, at.answer().expiresAtNanos());
            for (Record r : at.answer().records()) {
                if (r instanceof ARecord ar) {
                    fromRecords.add(Multiaddr.parse("/ip4/" + ar.getAddress().getHostAddress() + "/tcp/"
                            + srv.getPort()));
                } else if (r instanceof AAAARecord ar) {
                    fromRecords.add(Multiaddr.parse("/ip6/" + ar.getAddress().getHostAddress() + "/tcp/"
                            + srv.getPort()));
                }
            }
        }
        PeerTxt.Parsed parsed = new PeerTxt.Parsed(Optional.empty(), List.of(), java.util.Set.of(), List.of());
        String noIdReason;
        if (txt.failure() != null) {
            anyFailure = true;
            noIdReason = "TXT lookup failed: " + txt.failure().getMessage();
            problems.add(txtName + ": " + txt.failure().getMessage());
        } else {
            expires = Math.min(expires, txt.answer().expiresAtNanos());
            if (txt.answer().found()) {
                List<List<byte[]>> strings = new ArrayList<>();
                txt.answer().records().forEach(r -> strings.add(((TXTRecord) r).getStringsAsByteArrays()));
                parsed = PeerTxt.parse(strings);
                parsed.problems().forEach(p -> problems.add(rejects.reject(txtName.toString(), p)));
                noIdReason = "TXT at " + txtName + " has no valid peer_id";
            } else {
                noIdReason = "no TXT at " + txtName;
            }
        }
        List<Multiaddr> addresses = new ArrayList<>(parsed.addresses());
        fromRecords.stream().filter(m -> !addresses.contains(m)).forEach(addresses::add);
        // A failed query is asked again next round rather than cached as an answer.
        long until = anyFailure ? now : expires;
        if (parsed.peerId().isPresent()) {
            PeerInfo peer = PeerInfo.discovered(parsed.peerId().get(), addresses, DiscoveryType.DNS)
                    .withProtocols(parsed.protocols());
            return new Target(srv, Optional.of(peer), Optional.empty(), problems, until);
        }
        AddressOnlyTarget ao = new AddressOnlyTarget(srv.getTarget() + ":" + srv.getPort(), addresses, noIdReason);
        return new Target(srv, Optional.empty(), Optional.of(ao), problems, until);
    }

    private DomainResult result(Name domain, List<Target> targets, List<String> problems, long start, long expires) {
        // Several targets may carry the same id (one peer, several hosts): merge them, first (best) order kept.
        Map<PeerId, PeerInfo> peers = new LinkedHashMap<>();
        List<AddressOnlyTarget> addressOnly = new ArrayList<>();
        for (Target t : targets) {
            t.peer().ifPresent(p -> peers.merge(p.id(), p, SrvLookup::union));
            t.addressOnly().ifPresent(addressOnly::add);
        }
        long now = nanoClock.getAsLong();
        return new DomainResult(domain.toString(), DomainResult.Source.SRV, new ArrayList<>(peers.values()),
                addressOnly, problems, Optional.empty(), Instant.now(), (now - start) / 1000, expires);
    }

    static PeerInfo union(PeerInfo a, PeerInfo b) {
        List<Multiaddr> addresses = new ArrayList<>(a.addresses());
        b.addresses().stream().filter(m -> !addresses.contains(m)).forEach(addresses::add);
        LinkedHashSet<String> protocols = new LinkedHashSet<>(a.protocols());
        protocols.addAll(b.protocols());
        return a.withAddresses(addresses).withProtocols(protocols);
    }

    private DomainResult failed(Name domain, DiscoveryException e, long start, long expires) {
        long now = nanoClock.getAsLong();
        return new DomainResult(domain.toString(), DomainResult.Source.SRV, List.of(), List.of(), List.of(),
                Optional.of(e), Instant.now(), (now - start) / 1000, expires);
    }
}
