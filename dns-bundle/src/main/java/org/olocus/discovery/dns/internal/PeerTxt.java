package org.olocus.discovery.dns.internal;

import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;

/**
 * The codec of the TXT records at {@code _olocus-peer.<target>}: every character-string of every record is one
 * {@code key=value} entry (as in DNS-SD), with the keys {@code peer_id}, {@code addr} and {@code protocol}. A bad
 * entry is skipped with a reason while the others are still used; conflicting ids leave the target without id.
 */
final class PeerTxt {
    static final int MAX_ENTRIES = 256;
    static final int MAX_ADDRESSES = 32;
    static final int MAX_PROTOCOLS = 32;
    static final int MAX_PROTOCOL_LENGTH = 256;

    /** One skipped entry: a category to count and the detail to log. */
    record Problem(String category, String detail) {
        @Override
        public String toString() {
            return category + ": " + detail;
        }
    }

    /**
     * What the TXT records say about a target.
     *
     * @param peerId    the id, when exactly one valid id was given
     * @param addresses valid {@code addr=} multiaddrs, in order, without duplicates
     * @param protocols the {@code protocol=} values
     * @param problems  every skipped entry
     */
    record Parsed(Optional<PeerId> peerId, List<Multiaddr> addresses, Set<String> protocols, List<Problem> problems) {
        Parsed {
            addresses = List.copyOf(addresses);
            protocols = Set.copyOf(protocols);
            problems = List.copyOf(problems);
        }
    }

    private PeerTxt() {
    }

    /** Parses the strings of each TXT record found at the name. */
    static Parsed parse(List<List<byte[]>> records) {
        List<Problem> problems = new ArrayList<>();
        LinkedHashSet<Multiaddr> addresses = new LinkedHashSet<>();
        LinkedHashSet<String> protocols = new LinkedHashSet<>();
        PeerId id = null;
        boolean conflict = false;
        int entries = 0;
        for (List<byte[]> strings : records) {
            for (byte[] raw : strings) {
                if (raw.length == 0) {
                    continue; // DNS-SD's "no attributes" record
                }
                if (++entries > MAX_ENTRIES) {
                    problems.add(new Problem("too many entries", "more than " + MAX_ENTRIES + " TXT entries; rest ignored"));
                    return result(conflict ? null : id, addresses, protocols, problems);
                }
                String entry;
                try {
                    entry = TxtStrings.decode(raw);
                } catch (CharacterCodingException e) {
                    problems.add(new Problem("malformed entry", "entry of " + raw.length + " bytes is not UTF-8"));
                    continue;
                }
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    problems.add(new Problem("malformed entry", "entry " + TxtStrings.quote(entry)
                            + " is not key=value"));
                    continue;
                }
                String key = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = entry.substring(eq + 1).trim();
                switch (key) {
                    case "peer_id" -> {
                        PeerId parsed = peerId(value, problems);
                        if (parsed != null && id != null && !id.equals(parsed)) {
                            conflict = true;
                            problems.add(new Problem("conflicting peer_id", "peer_id " + parsed + " differs from "
                                    + id + "; the target is treated as having no id"));
                        } else if (parsed != null) {
                            id = parsed;
                        }
                    }
                    case "addr" -> address(value, addresses, problems);
                    case "protocol" -> protocol(value, protocols, problems);
                    default -> problems.add(new Problem("unknown key", "unknown key " + TxtStrings.quote(key)
                            + " in entry " + TxtStrings.quote(entry)));
                }
            }
        }
        return result(conflict ? null : id, addresses, protocols, problems);
    }

    private static Parsed result(PeerId id, LinkedHashSet<Multiaddr> addresses, LinkedHashSet<String> protocols,
                                 List<Problem> problems) {
        List<Multiaddr> kept = new ArrayList<>();
        for (Multiaddr a : addresses) {
            Optional<PeerId> named = a.peerId();
            if (named.isPresent() && (id == null || !named.get().equals(id))) {
                problems.add(new Problem("bad addr", "addr " + a + " names peer " + named.get()
                        + (id == null ? " but the TXT gives no valid peer_id" : ", not " + id)));
            } else {
                kept.add(a);
            }
        }
        return new Parsed(Optional.ofNullable(id), kept, protocols, problems);
    }

    private static PeerId peerId(String value, List<Problem> problems) {
        try {
            return PeerId.fromString(value);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("bad peer_id", "peer_id " + TxtStrings.quote(value) + ": " + e.getMessage()));
            return null;
        }
    }

    private static void address(String value, Set<Multiaddr> addresses, List<Problem> problems) {
        try {
            Multiaddr a = Multiaddr.parse(value);
            if (addresses.size() >= MAX_ADDRESSES) {
                problems.add(new Problem("too many entries", "more than " + MAX_ADDRESSES + " addr entries"));
            } else {
                addresses.add(a);
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("bad addr", "addr " + TxtStrings.quote(value) + ": " + e.getMessage()));
        }
    }

    private static void protocol(String value, Set<String> protocols, List<Problem> problems) {
        if (value.isEmpty() || value.length() > MAX_PROTOCOL_LENGTH
                || value.codePoints().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            problems.add(new Problem("bad protocol", "protocol " + TxtStrings.quote(value)
                    + " is empty, too long or has spaces/control characters"));
        } else if (protocols.size() >= MAX_PROTOCOLS) {
            problems.add(new Problem("too many entries", "more than " + MAX_PROTOCOLS + " protocol entries"));
        } else {
            protocols.add(value);
        }
    }
}
