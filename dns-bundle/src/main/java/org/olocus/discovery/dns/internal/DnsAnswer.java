package org.olocus.discovery.dns.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The answer to one question, after following CNAMEs: the records of the asked type at the end of the chain (or
 * a negative outcome), the aliases passed on the way, and when the answer expires.
 *
 * @param name           the name asked for
 * @param type           the record type asked for
 * @param outcome        whether records were found, the name exists without them, or does not exist
 * @param records        the records of {@code type} (empty unless {@link Outcome#FOUND})
 * @param aliases        CNAME owners passed on the way, in order (the asked name first when it is an alias)
 * @param ttlSeconds     how long the answer may be kept, from the records' TTLs or the SOA, capped by cache_ttl
 * @param expiresAtNanos {@link System#nanoTime()} at which it stops being valid
 * @param overLimit      records dropped because the answer held more than a lookup uses
 */
record DnsAnswer(Name name, int type, Outcome outcome, List<Record> records, List<Name> aliases, long ttlSeconds,
                 long expiresAtNanos, int overLimit) {
    /** What the server said about the name and type. */
    enum Outcome {
        FOUND,
        NO_DATA,
        NX_DOMAIN
    }

    DnsAnswer {
        records = List.copyOf(records);
        aliases = List.copyOf(aliases);
    }

    boolean found() {
        return outcome == Outcome.FOUND;
    }

    boolean expired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0;
    }

    /** Whole seconds left, for display. */
    long remainingSeconds(long nowNanos) {
        return Math.max(0, (expiresAtNanos - nowNanos) / 1_000_000_000L);
    }

    @Override
    public String toString() {
        String what = switch (outcome) {
            case FOUND -> records.stream().map(r -> r.rdataToString()).collect(Collectors.joining(" | "));
            case NO_DATA -> "NODATA";
            case NX_DOMAIN -> "NXDOMAIN";
        };
        return name + " " + Type.string(type) + (aliases.isEmpty() ? "" : " via " + aliases) + " ttl=" + ttlSeconds
                + "s: " + what;
    }
}
