package org.olocus.discovery.mdns.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DNS-SD TXT record format (RFC 6763 §6): a sequence of length-prefixed strings of at most 255 bytes, each
 * {@code key=value}. Keys may repeat (libp2p puts one {@code dnsaddr=} per address), so this keeps every entry in
 * order instead of a map. Decoding is bounded: more than {@link #MAX_BYTES} or {@link #MAX_ENTRIES} is refused.
 *
 * @param entries the strings, in order
 */
public record TxtRecord(List<Entry> entries) {
    /** Largest TXT rdata we accept: a TXT never needs more than an mDNS packet (9000 bytes) holds. */
    public static final int MAX_BYTES = 8192;
    /** Most strings we accept in one TXT record. */
    public static final int MAX_ENTRIES = 64;

    /** One {@code key=value} string; a string without {@code =} has a null value (a boolean attribute). */
    public record Entry(String key, String value) {
        public Entry {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("a TXT entry needs a key");
            }
        }

        byte[] toBytes() {
            return (value == null ? key : key + "=" + value).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return value == null ? key : key + "=" + value;
        }
    }

    public TxtRecord {
        entries = List.copyOf(entries);
    }

    public static TxtRecord of(List<Entry> entries) {
        return new TxtRecord(entries);
    }

    /** The first value of {@code key} (keys compare case-insensitively, as RFC 6763 §6.4 says). */
    public Optional<String> first(String key) {
        return entries.stream().filter(e -> e.key.equalsIgnoreCase(key)).map(Entry::value).findFirst();
    }

    /** Every value of {@code key}, in order. */
    public List<String> all(String key) {
        return entries.stream().filter(e -> e.key.equalsIgnoreCase(key) && e.value != null).map(Entry::value)
                .toList();
    }

    /** The wire form. An entry longer than 255 bytes is refused: the format cannot carry it. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] b = e.toBytes();
            if (b.length > 255) {
                throw new IllegalArgumentException("TXT entry of " + b.length + " bytes exceeds 255: " + e);
            }
            out.write(b.length);
            out.writeBytes(b);
        }
        if (out.size() > MAX_BYTES) {
            throw new IllegalArgumentException("TXT record of " + out.size() + " bytes exceeds " + MAX_BYTES);
        }
        // RFC 6763 §6.1: an empty TXT record holds one empty string.
        return out.size() == 0 ? new byte[] {0} : out.toByteArray();
    }

    /** Parses wire bytes; the message of the exception names what is wrong and where. */
    public static TxtRecord decode(byte[] bytes) {
        if (bytes == null) {
            return new TxtRecord(List.of());
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("TXT record of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        List<Entry> entries = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            int len = bytes[i] & 0xff;
            if (i + 1 + len > bytes.length) {
                throw new IllegalArgumentException("TXT string at offset " + i + " claims " + len
                        + " bytes but only " + (bytes.length - i - 1) + " remain");
            }
            if (len > 0) {
                if (entries.size() == MAX_ENTRIES) {
                    throw new IllegalArgumentException("TXT record has more than " + MAX_ENTRIES + " strings");
                }
                entries.add(parseEntry(new String(bytes, i + 1, len, StandardCharsets.UTF_8), i));
            }
            i += 1 + len;
        }
        return new TxtRecord(entries);
    }

    private static Entry parseEntry(String s, int offset) {
        int eq = s.indexOf('=');
        if (eq == 0) {
            throw new IllegalArgumentException("TXT string at offset " + offset + " has an empty key: '" + s + "'");
        }
        return eq < 0 ? new Entry(s, null) : new Entry(s.substring(0, eq), s.substring(eq + 1));
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
