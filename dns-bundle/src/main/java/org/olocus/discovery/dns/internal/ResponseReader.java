package org.olocus.discovery.dns.internal;

import java.util.ArrayList;
import java.util.List;

import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryException.Kind;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one DNS response into a {@link DnsAnswer}: follows the CNAME chain inside the answer section, takes the
 * records of the asked type at its end (at most {@link #MAX_RECORDS}), computes the TTL to cache it with, and
 * says when the chain leaves the message and another query is needed. Error codes become
 * {@link DiscoveryException}s of kind {@link Kind#DNS}.
 */
final class ResponseReader {
    static final int MAX_CNAME_CHAIN = 8;
    static final int MAX_RECORDS = 64;

    /** What a response told: a finished answer, or a CNAME chain whose end must be asked for separately. */
    sealed interface Result permits Complete, FollowCname {
    }

    record Complete(DnsAnswer answer) implements Result {
    }

    /**
     * @param next    the name the chain points at
     * @param aliases the CNAME owners passed so far
     * @param ttl     the smallest TTL of those CNAMEs, capped
     */
    record FollowCname(Name next, List<Name> aliases, long ttl) implements Result {
    }

    private ResponseReader() {
    }

    static Result read(Message response, Name name, int type, long cacheTtlSeconds, long nowNanos)
            throws DiscoveryException {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DiscoveryException(Kind.DNS, Rcode.string(rcode) + " for " + name + " " + Type.string(type));
        }
        List<Record> answer = response.getSection(Section.ANSWER);
        List<Name> aliases = new ArrayList<>();
        long ttl = cacheTtlSeconds;
        Name current = name;
        while (true) {
            List<Record> found = new ArrayList<>();
            int overLimit = 0;
            for (Record r : answer) {
                if (r.getType() == type && r.getName().equals(current)) {
                    if (found.size() < MAX_RECORDS) {
                        found.add(r);
                        ttl = Math.min(ttl, r.getTTL());
                    } else {
                        overLimit++;
                    }
                }
            }
            if (!found.isEmpty()) {
                return new Complete(answer(name, type, DnsAnswer.Outcome.FOUND, found, aliases, ttl, nowNanos,
                        overLimit));
            }
            CNAMERecord cname = cnameAt(answer, current);
            if (cname == null || type == Type.CNAME) {
                break;
            }
            if (aliases.contains(current) || aliases.size() >= MAX_CNAME_CHAIN) {
                throw new DiscoveryException(Kind.INVALID_DNS_RECORD, "CNAME " + (aliases.contains(current)
                        ? "loop" : "chain longer than " + MAX_CNAME_CHAIN) + " at " + current + " for " + name);
            }
            aliases.add(current);
            ttl = Math.min(ttl, cname.getTTL());
            current = cname.getTarget();
        }
        SOARecord soa = soa(response);
        if (!aliases.isEmpty() && soa == null && rcode == Rcode.NOERROR) {
            // The server gave the alias but is not authoritative for its target: ask for the target.
            return new FollowCname(current, aliases, ttl);
        }
        // RFC 2308 §5: negative answers are cached for min(SOA TTL, SOA MINIMUM); without an SOA, not at all.
        long negativeTtl = soa == null ? 0 : Math.min(ttl, Math.min(soa.getTTL(), soa.getMinimum()));
        DnsAnswer.Outcome outcome = rcode == Rcode.NXDOMAIN ? DnsAnswer.Outcome.NX_DOMAIN : DnsAnswer.Outcome.NO_DATA;
        return new Complete(answer(name, type, outcome, List.of(), aliases, negativeTtl, nowNanos, 0));
    }

    static DnsAnswer answer(Name name, int type, DnsAnswer.Outcome outcome, List<Record> records, List<Name> aliases,
                            long ttl, long nowNanos, int overLimit) {
        long t = Math.max(0, ttl);
        return new DnsAnswer(name, type, outcome, records, aliases, t, nowNanos + t * 1_000_000_000L, overLimit);
    }

    private static CNAMERecord cnameAt(List<Record> answer, Name owner) {
        for (Record r : answer) {
            if (r instanceof CNAMERecord c && r.getName().equals(owner)) {
                return c;
            }
        }
        return null;
    }

    private static SOARecord soa(Message response) {
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord s) {
                return s;
            }
        }
        return null;
    }
}
