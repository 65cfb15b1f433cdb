package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerInfo;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class PeerInfoCodecTest {

    /** A random peer within the store's bounds, from {@code seed}. */
    static PeerInfo randomPeer(long seed) {
        Random random = new Random(seed);
        List<Multiaddr> addresses = new ArrayList<>();
        int addressCount = random.nextInt(PeerBounds.MAX_ADDRESSES + 1);
        for (int i = 0; i < addressCount; i++) {
            addresses.add(switch (random.nextInt(3)) {
                case 0 -> TestPeers.address(random.nextInt(65536));
                case 1 -> Multiaddr.parse("/ip6/2001:db8::" + Integer.toHexString(random.nextInt(65536)) + "/udp/"
                        + random.nextInt(65536) + "/quic-v1");
                default -> Multiaddr.parse("/dns4/node-" + random.nextInt(1000) + ".example.org/tcp/4001");
            });
        }
        Set<String> protocols = new HashSet<>();
        int protocolCount = random.nextInt(PeerBounds.MAX_PROTOCOLS + 1);
        for (int i = 0; i < protocolCount; i++) {
            protocols.add("/proto/" + random.nextInt(10_000) + (random.nextBoolean() ? "/ünïcødé" : ""));
        }
        Set<DiscoveryType> sources = EnumSet.noneOf(DiscoveryType.class);
        for (DiscoveryType type : DiscoveryType.values()) {
            if (random.nextBoolean()) {
                sources.add(type);
            }
        }
        ConnectionStatus[] statuses = ConnectionStatus.values();
        ConnectionDirection[] directions = ConnectionDirection.values();
        PeerInfo peer = new PeerInfo(TestPeers.randomId(random), addresses, protocols,
                Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000)),
                statuses[random.nextInt(statuses.length)], directions[random.nextInt(directions.length)],
                random.nextDouble() * 200 - 100, sources);
        if (random.nextBoolean()) {
            List<Multiaddr> reached = addresses.stream().filter(a -> random.nextInt(3) == 0).toList();
            peer = peer.withProof(Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000)),
                    reached).withAgentVersion(random.nextBoolean() ? "" : "agent/" + random.nextInt(100) + "/ü");
        }
        return peer;
    }

    @Property(tries = 300)
    void roundTripIsExact(@ForAll long seed) {
        PeerInfo peer = randomPeer(seed);
        byte[] record = PeerInfoCodec.encode(peer);
        assertTrue(record.length <= PeerBounds.MAX_RECORD_BYTES);
        assertEquals(peer, PeerInfoCodec.decode(record));
    }

    @Example
    void realPeerWithTwoAddressesIsSmall() {
        PeerInfo peer = TestPeers.peer(TestPeers.ed25519Id(), Instant.now());
        byte[] record = PeerInfoCodec.encode(peer);
        assertEquals(peer, PeerInfoCodec.decode(record));
        assertTrue(record.length < 128, "record of " + record.length + " bytes");
    }

    @Example
    void everyTruncationIsAnIllegalArgument() {
        for (long seed = 0; seed < 20; seed++) {
            byte[] record = PeerInfoCodec.encode(randomPeer(seed));
            for (int length = 0; length < record.length; length++) {
                byte[] cut = Arrays.copyOf(record, length);
                assertThrows(IllegalArgumentException.class, () -> PeerInfoCodec.decode(cut),
                        "truncated to " + length + " of " + record.length);
            }
        }
    }

    @Example
    void trailingBytesAreRefused() {
        byte[] record = PeerInfoCodec.encode(randomPeer(1));
        byte[] longer = Arrays.copyOf(record, record.length + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerInfoCodec.decode(longer));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Example
    void oversizeCountsAndLengthsAreRefusedBeforeReading() {
        byte[] id = TestPeers.randomId(new Random(3)).toBytes();
        assertRefused(header(id, 33), "address count 33");
        assertRefused(header(id, 0x7FFF_FFFF), "address count");
        assertRefused(concat(new byte[] {1}, varint(65), id), "peer id length 65");
        assertRefused(concat(header(id, 1), varint(1025)), "address 0 length 1025");
        assertRefused(concat(header(id, 0), varint(65)), "protocol count 65");
        assertRefused(concat(header(id, 0), varint(1), varint(257)), "protocol 0 length 257");
        assertRefused(concat(header(id, 0), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, 0x01}), "varint");
        assertRefused(new byte[PeerBounds.MAX_RECORD_BYTES + 1], "exceeds " + PeerBounds.MAX_RECORD_BYTES);
        assertRefused(new byte[] {3}, "version 3");
        assertRefused(new byte[0], "empty");
        assertRefused(null, "empty");
    }

    @Example
    void badFieldValuesAreRefused() {
        PeerInfo peer = new PeerInfo(TestPeers.randomId(new Random(4)), List.of(), Set.of(), Instant.EPOCH,
                ConnectionStatus.UNKNOWN, ConnectionDirection.NONE, 0, Set.of());
        byte[] good = PeerInfoCodecFormatTest.formatOne(peer); // the fields of format 1 end the record there
        int tail = good.length - 1 - 8 - 1 - 1; // sources varint, reputation, direction, status
        assertRefused(with(good, tail, 9), "unknown status code 9");
        assertRefused(with(good, tail + 1, 3), "unknown direction code 3");
        byte[] unknownSource = Arrays.copyOf(good, good.length + 1);
        unknownSource[good.length - 1] = (byte) 0x80; // varint 128: bit 7, beyond the 7 known sources
        unknownSource[good.length] = 0x01;
        assertRefused(unknownSource, "unknown bits");
        byte[] nanReputation = good.clone();
        long nan = Double.doubleToRawLongBits(Double.NaN);
        for (int i = 0; i < 8; i++) {
            nanReputation[tail + 2 + i] = (byte) (nan >>> (56 - 8 * i));
        }
        assertRefused(nanReputation, "reputation");
        byte[] badNanos = good.clone();
        badNanos[tail - 4] = (byte) 0xFF; // nanoseconds negative
        assertRefused(badNanos, "nanoseconds");
        byte[] badId = good.clone();
        badId[2] = 0x13; // an unknown multihash code
        assertRefused(badId, "bad peer id");
    }

    @Example
    void invalidUtf8AndBadAddressesAreRefused() {
        byte[] id = TestPeers.randomId(new Random(5)).toBytes();
        assertRefused(concat(header(id, 0), varint(1), varint(2), new byte[] {(byte) 0xC3, 0x28}), "UTF-8");
        assertRefused(concat(header(id, 1), varint(3), new byte[] {(byte) 0xEE, 0x01, 0x02}), "bad address 0");
    }

    @Property(tries = 2000)
    void randomBytesFailOnlyWithIllegalArgument(@ForAll @Size(max = 300) byte[] bytes) {
        try {
            PeerInfoCodec.decode(bytes);
        } catch (IllegalArgumentException expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 2000)
    void corruptedRecordsFailOnlyWithIllegalArgument(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] record = PeerInfoCodec.encode(randomPeer(seed));
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            record[random.nextInt(record.length)] ^= (byte) (1 << random.nextInt(8));
        }
        try {
            PeerInfoCodec.decode(record);
        } catch (IllegalArgumentException expected) {
            // the only failure allowed
        }
    }

    @Example
    void peersBeyondTheBoundsAreNotEncoded() {
        List<Multiaddr> many = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            many.add(TestPeers.address(i));
        }
        PeerInfo peer = TestPeers.peer(TestPeers.randomId(new Random(6)), Instant.EPOCH).withAddresses(many);
        assertThrows(IllegalArgumentException.class, () -> PeerInfoCodec.encode(peer));
    }

    @Example
    void encodingIsStable() {
        PeerInfo peer = new PeerInfo(TestPeers.randomId(new Random(7)), List.of(TestPeers.address(4001)),
                Set.of("/ipfs/kad/1.0.0"), Instant.ofEpochSecond(1, 2), ConnectionStatus.CONNECTED,
                ConnectionDirection.INBOUND, -1.5, Set.of(DiscoveryType.DHT, DiscoveryType.TRANSPORT));
        byte[] record = PeerInfoCodec.encode(peer);
        assertEquals(2, record[0], "version");
        assertEquals(0x41, record[record.length - 4], "sources bitmask: DHT bit 0, TRANSPORT bit 6");
        assertArrayEquals(new byte[] {0, 0, 0}, Arrays.copyOfRange(record, record.length - 3, record.length),
                "not proven, no agent, no proven address");
        assertArrayEquals(record, PeerInfoCodec.encode(PeerInfoCodec.decode(record)));
    }

    private static void assertRefused(byte[] record, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerInfoCodec.decode(record));
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' should mention " + messagePart);
    }

    /** version, id, then an address count. */
    private static byte[] header(byte[] id, int addressCount) {
        return concat(new byte[] {1}, varint(id.length), id, varint(addressCount));
    }

    private static byte[] with(byte[] record, int index, int value) {
        byte[] copy = record.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static byte[] varint(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
