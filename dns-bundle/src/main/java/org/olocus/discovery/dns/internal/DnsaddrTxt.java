package org.olocus.discovery.dns.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

import org.olocus.discovery.api.Multiaddr;

/**
 * The codec of libp2p's {@code _dnsaddr.<domain>} TXT records: each record (its character-strings joined, as
 * resolvers return it) is {@code dnsaddr=<multiaddr>}. Other records are skipped with a reason.
 */
final class DnsaddrTxt {
    static final String PREFIX = "dnsaddr=";

    /** The valid multiaddrs, in answer order, and a reason per skipped record. */
    record Parsed(List<Multiaddr> addresses, List<PeerTxt.Problem> problems) {
        Parsed {
            addresses = List.copyOf(addresses);
            problems = List.copyOf(problems);
        }
    }

    private DnsaddrTxt() {
    }

    static Parsed parse(List<List<byte[]>> records) {
        List<Multiaddr> out = new ArrayList<>();
        List<PeerTxt.Problem> problems = new ArrayList<>();
        for (List<byte[]> strings : records) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            strings.forEach(joined::writeBytes);
            String text;
            try {
                text = TxtStrings.decode(joined.toByteArray());
            } catch (CharacterCodingException e) {
                problems.add(new PeerTxt.Problem("malformed entry", "dnsaddr record of " + joined.size()
                        + " bytes is not UTF-8"));
                continue;
            }
            if (!text.startsWith(PREFIX)) {
                problems.add(new PeerTxt.Problem("unknown key", "record " + TxtStrings.quote(text)
                        + " does not start with dnsaddr="));
                continue;
            }
            String value = text.substring(PREFIX.length()).trim();
            try {
                out.add(Multiaddr.parse(value));
            } catch (IllegalArgumentException e) {
                problems.add(new PeerTxt.Problem("bad addr", "dnsaddr " + TxtStrings.quote(value) + ": "
                        + e.getMessage()));
            }
        }
        return new Parsed(out, problems);
    }
}
