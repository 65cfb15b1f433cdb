package org.olocus.discovery.peerstore.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;

/**
 * The on-disk form of a {@link PeerInfo}, version 2 (written) and version 1 (still read, from stores written by
 * Olocus 0.1 with api 1.x; its peers come back unproven):
 *
 * <pre>
 * u8      version = 2 (or 1)
 * varint  id length (1..64), id bytes (multihash)
 * varint  address count (0..32), per address: varint length (1..1024), binary multiaddr
 * varint  protocol count (0..64), per protocol: varint length (0..256), UTF-8 bytes
 * i64     lastSeen epoch seconds, i32 nanoseconds (0..999999999)   big-endian; exact, so a round trip is equal
 * u8      status, u8 direction                                      codes fixed by the tables below
 * f64     reputation in [-100, 100]                                 IEEE 754, big-endian
 * varint  sources bitmask (bit i = SOURCES[i])
 * -- version 2 only --
 * u8      proven flag (0 or 1); when 1: i64 provenAt epoch seconds, i32 nanoseconds
 * varint  agent version length (0..256), UTF-8 bytes
 * varint  proven address count (0..32), per proven address: varint index into the addresses above
 * </pre>
 *
 * Decoding is bounded: every length and count is checked against its limit and the bytes left before anything is
 * allocated, a whole record is at most 64 KiB, and every failure is an {@link IllegalArgumentException} naming the
 * field and offset. The enum code tables are part of the format: new constants go at their end.
 */
final class PeerInfoCodec {
    static final int VERSION = 2;
    /** The format of Olocus 0.1 (api 1.x): no proof, agent or proven addresses. */
    static final int VERSION_1 = 1;
    private static final ConnectionStatus[] STATUSES = {ConnectionStatus.CONNECTED, ConnectionStatus.DISCONNECTED,
        ConnectionStatus.CONNECTING, ConnectionStatus.FAILED, ConnectionStatus.UNKNOWN};
    private static final ConnectionDirection[] DIRECTIONS = {ConnectionDirection.NONE, ConnectionDirection.INBOUND,
        ConnectionDirection.OUTBOUND};
    private static final DiscoveryType[] SOURCES = {DiscoveryType.DHT, DiscoveryType.MDNS, DiscoveryType.GOSSIP,
        DiscoveryType.BOOTSTRAP, DiscoveryType.DNS, DiscoveryType.MANUAL, DiscoveryType.TRANSPORT};

    private PeerInfoCodec() {
    }

    /** The record of {@code peer}; a peer beyond the store's bounds is refused with the bound it breaks. */
    static byte[] encode(PeerInfo peer) {
        if (peer.addresses().size() > PeerBounds.MAX_ADDRESSES) {
            throw new IllegalArgumentException(peer.id() + " has " + peer.addresses().size() + " addresses, more than "
                    + PeerBounds.MAX_ADDRESSES);
        }
        if (peer.protocols().size() > PeerBounds.MAX_PROTOCOLS) {
            throw new IllegalArgumentException(peer.id() + " has " + peer.protocols().size() + " protocols, more than "
                    + PeerBounds.MAX_PROTOCOLS);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(VERSION);
        writeBytes(out, peer.id().toBytes());
        writeVarint(out, peer.addresses().size());
        for (Multiaddr address : peer.addresses()) {
            byte[] bytes = address.toBytes();
            if (bytes.length == 0) {
                throw new IllegalArgumentException(peer.id() + " has an empty address");
            }
            writeBytes(out, bytes);
        }
        writeVarint(out, peer.protocols().size());
        for (String protocol : peer.protocols()) {
            byte[] utf8 = protocol.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > PeerBounds.MAX_PROTOCOL_BYTES) {
                throw new IllegalArgumentException("protocol id of " + utf8.length + " bytes exceeds "
                        + PeerBounds.MAX_PROTOCOL_BYTES);
            }
            writeBytes(out, utf8);
        }
        ByteBuffer fixed = ByteBuffer.allocate(8 + 4 + 1 + 1 + 8);
        fixed.putLong(peer.lastSeen().getEpochSecond()).putInt(peer.lastSeen().getNano());
        fixed.put((byte) codeOf(STATUSES, peer.status())).put((byte) codeOf(DIRECTIONS, peer.direction()));
        fixed.putDouble(peer.reputation());
        out.write(fixed.array(), 0, fixed.position());
        int sources = 0;
        for (DiscoveryType source : peer.sources()) {
            sources |= 1 << codeOf(SOURCES, source);
        }
        writeVarint(out, sources);
        if (peer.provenAt().isPresent()) {
            Instant proven = peer.provenAt().get();
            ByteBuffer when = ByteBuffer.allocate(1 + 8 + 4).put((byte) 1).putLong(proven.getEpochSecond())
                    .putInt(proven.getNano());
            out.write(when.array(), 0, when.position());
        } else {
            out.write(0);
        }
        byte[] agent = peer.agentVersion().getBytes(StandardCharsets.UTF_8);
        if (agent.length > PeerBounds.MAX_AGENT_BYTES) {
            throw new IllegalArgumentException("agent version of " + agent.length + " bytes exceeds "
                    + PeerBounds.MAX_AGENT_BYTES);
        }
        writeBytes(out, agent);
        writeVarint(out, peer.provenAddresses().size());
        for (Multiaddr proven : peer.provenAddresses()) {
            writeVarint(out, peer.addresses().indexOf(proven)); // a subset of addresses, as PeerInfo guarantees
        }
        return out.toByteArray();
    }

    /** Reads one record; malformed, oversized or trailing input is an {@link IllegalArgumentException}. */
    static PeerInfo decode(byte[] record) {
        if (record == null || record.length == 0) {
            throw new IllegalArgumentException("empty peer record");
        }
        if (record.length > PeerBounds.MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("peer record of " + record.length + " bytes exceeds "
                    + PeerBounds.MAX_RECORD_BYTES);
        }
        Reader in = new Reader(record);
        int version = in.u8("version");
        if (version != VERSION && version != VERSION_1) {
            throw new IllegalArgumentException("unsupported peer record version " + version + " (this codec reads "
                    + VERSION_1 + " and " + VERSION + ")");
        }
        PeerId id = parse("peer id", () -> PeerId.fromBytes(in.bytes("peer id", PeerId.MAX_BYTES, 1)));
        int addressCount = in.count("address count", PeerBounds.MAX_ADDRESSES);
        List<Multiaddr> addresses = new ArrayList<>(addressCount);
        for (int i = 0; i < addressCount; i++) {
            byte[] bytes = in.bytes("address " + i, PeerBounds.MAX_ADDRESS_BYTES, 1);
            addresses.add(parse("address " + i, () -> Multiaddr.fromBytes(bytes)));
        }
        int protocolCount = in.count("protocol count", PeerBounds.MAX_PROTOCOLS);
        Set<String> protocols = new HashSet<>(protocolCount * 2);
        for (int i = 0; i < protocolCount; i++) {
            protocols.add(utf8(in.bytes("protocol " + i, PeerBounds.MAX_PROTOCOL_BYTES, 0), "protocol " + i));
        }
        Instant lastSeen = instant(in.i64("lastSeen seconds"), in.i32("lastSeen nanoseconds"));
        ConnectionStatus status = byCode(STATUSES, in.u8("status"), "status");
        ConnectionDirection direction = byCode(DIRECTIONS, in.u8("direction"), "direction");
        double reputation = Double.longBitsToDouble(in.i64("reputation"));
        if (!(reputation >= PeerInfo.MIN_REPUTATION && reputation <= PeerInfo.MAX_REPUTATION)) {
            throw new IllegalArgumentException("reputation " + reputation + " is outside [-100, 100]");
        }
        Set<DiscoveryType> sources = sources(in.varint("sources"));
        if (version == VERSION_1) {
            in.expectEnd();
            return new PeerInfo(id, addresses, protocols, lastSeen, status, direction, reputation, sources);
        }
        int provenFlag = in.u8("proven flag");
        if (provenFlag > 1) {
            throw new IllegalArgumentException("proven flag " + provenFlag + " is neither 0 nor 1");
        }
        Optional<Instant> provenAt = provenFlag == 0 ? Optional.empty()
                : Optional.of(instant(in.i64("provenAt seconds"), in.i32("provenAt nanoseconds")));
        String agent = utf8(in.bytes("agent version", PeerBounds.MAX_AGENT_BYTES, 0), "agent version");
        int provenCount = in.count("proven address count", addresses.size());
        List<Multiaddr> proven = new ArrayList<>(provenCount);
        for (int i = 0; i < provenCount; i++) {
            int index = in.count("proven address " + i, addresses.size() - 1);
            proven.add(addresses.get(index));
        }
        in.expectEnd();
        return new PeerInfo(id, addresses, protocols, lastSeen, status, direction, reputation, sources, provenAt,
                agent, proven);
    }

    private static Instant instant(long seconds, int nanos) {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("time nanoseconds " + nanos + " out of range");
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time " + seconds + "s is out of range");
        }
    }

    private static Set<DiscoveryType> sources(int mask) {
        if (mask >>> SOURCES.length != 0) {
            throw new IllegalArgumentException("sources bitmask 0x" + Integer.toHexString(mask)
                    + " has unknown bits");
        }
        Set<DiscoveryType> out = EnumSet.noneOf(DiscoveryType.class);
        for (int i = 0; i < SOURCES.length; i++) {
            if ((mask & (1 << i)) != 0) {
                out.add(SOURCES[i]);
            }
        }
        return out;
    }

    /** The format version of a stored record (its first byte); -1 for an empty one. */
    static int version(byte[] record) {
        return record == null || record.length == 0 ? -1 : record[0] & 0xFF;
    }

    private static String utf8(byte[] bytes, String field) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(field + " is not valid UTF-8");
        }
    }

    /** Runs an api parser, reporting any failure as an {@link IllegalArgumentException} naming the field. */
    private static <T> T parse(String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad " + field + ": " + e.getMessage(), e);
        }
    }

    private static <E> int codeOf(E[] table, E value) {
        for (int i = 0; i < table.length; i++) {
            if (table[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException("no record code for " + value + "; extend the codec's table");
    }

    private static <E> E byCode(E[] table, int code, String field) {
        if (code >= table.length) {
            throw new IllegalArgumentException("unknown " + field + " code " + code);
        }
        return table[code];
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        writeVarint(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    /** Bounds-checked reads from one record; each failure names the field and its offset. */
    private static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        int u8(String field) {
            need(1, field);
            return data[position++] & 0xFF;
        }

        int i32(String field) {
            need(4, field);
            int v = ByteBuffer.wrap(data, position, 4).getInt();
            position += 4;
            return v;
        }

        long i64(String field) {
            need(8, field);
            long v = ByteBuffer.wrap(data, position, 8).getLong();
            position += 8;
            return v;
        }

        /** An unsigned LEB128 value of at most 32 bits. */
        int varint(String field) {
            int start = position;
            long value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                if (position >= data.length) {
                    throw new IllegalArgumentException("record truncated in " + field + " at byte " + start);
                }
                int b = data[position++] & 0xFF;
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (value > 0xFFFF_FFFFL) {
                        break;
                    }
                    return (int) value;
                }
            }
            throw new IllegalArgumentException(field + " at byte " + start + " is not a 32-bit varint");
        }

        int count(String field, int max) {
            int start = position;
            int n = varint(field);
            if (n < 0 || n > max) {
                throw new IllegalArgumentException(field + " " + Integer.toUnsignedString(n) + " at byte " + start
                        + " exceeds " + max);
            }
            return n;
        }

        byte[] bytes(String field, int max, int min) {
            int start = position;
            int length = varint(field + " length");
            if (length < min || length > max) {
                throw new IllegalArgumentException(field + " length " + Integer.toUnsignedString(length)
                        + " at byte " + start + " is outside " + min + ".." + max);
            }
            need(length, field);
            byte[] out = Arrays.copyOfRange(data, position, position + length);
            position += length;
            return out;
        }

        void expectEnd() {
            if (position != data.length) {
                throw new IllegalArgumentException((data.length - position) + " trailing bytes after the record at byte "
                        + position);
            }
        }

        private void need(int n, String field) {
            if (data.length - position < n) {
                throw new IllegalArgumentException("record truncated in " + field + " at byte " + position + ": needs "
                        + n + " bytes, " + (data.length - position) + " left");
            }
        }
    }
}
