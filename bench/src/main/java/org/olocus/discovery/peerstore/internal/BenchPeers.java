package org.olocus.discovery.peerstore.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;

/**
 * Synthetic peers for the benchmarks: SHA-256 peer ids of random digests, two addresses each (an IPv4 and an IPv6
 * TCP address; nothing is ever dialled), distinct {@code lastSeen} values, found by the DHT.
 *
 * <p>Why this package: the benchmark classes live in {@code org.olocus.discovery.peerstore.internal}, the peer
 * store bundle's private package, so that they can reach its package-private classes ({@link KadKeyTrie},
 * {@link PeerBounds}) and the stores' package-level API. That only works because the benchmarks run from a plain
 * class-path jar ({@code target/benchmarks.jar}), where a package split over two jars is one package; inside an
 * OSGi framework the bundle exports nothing and this would not resolve.
 */
final class BenchPeers {
    /** lastSeen of peer 0; peer {@code i} was seen {@code i} ms later. */
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    /** No limit at all, so filling a store never evicts. */
    static final PeerLimits UNLIMITED = PeerBounds.NO_LIMITS;
    /** Keys that closest() is asked for, cycled through. */
    static final int KEY_COUNT = 1024;

    private BenchPeers() {
    }

    /** A sha2-256 multihash peer id {@code 0x12 0x20 <32 random bytes>}. */
    static PeerId randomId(SplittableRandom random) {
        byte[] multihash = new byte[34];
        multihash[0] = 0x12;
        multihash[1] = 0x20;
        for (int i = 2; i < multihash.length; i += 8) {
            long bits = random.nextLong();
            for (int j = 0; j < 8 && i + j < multihash.length; j++) {
                multihash[i + j] = (byte) (bits >>> (8 * j));
            }
        }
        return PeerId.fromBytes(multihash);
    }

    static Multiaddr ip4(int n) {
        return Multiaddr.parse("/ip4/10." + ((n >>> 16) & 0xFF) + "." + ((n >>> 8) & 0xFF) + "." + (n & 0xFF)
                + "/tcp/4001");
    }

    static Multiaddr ip6(int n) {
        return Multiaddr.parse("/ip6/fd00::" + Integer.toHexString(n >>> 16) + ":" + Integer.toHexString(n & 0xFFFF)
                + "/tcp/4001");
    }

    /** Peer number {@code n}: a random id, /ip4 and /ip6 addresses derived from n, seen at T0 + n ms. */
    static PeerInfo peer(SplittableRandom random, int n) {
        return new PeerInfo(randomId(random), List.of(ip4(n), ip6(n)), Set.of(), T0.plusMillis(n),
                ConnectionStatus.UNKNOWN, ConnectionDirection.NONE, 0, Set.of(DiscoveryType.DHT));
    }

    /** {@code count} peers numbered from {@code first}, ids drawn from {@code seed}. */
    static List<PeerInfo> peers(long seed, int first, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PeerInfo> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(peer(random, first + i));
        }
        return out;
    }

    /** {@link #KEY_COUNT} random 32-byte Kademlia keys. */
    static byte[][] randomKeys(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] keys = new byte[KEY_COUNT][KadKeyTrie.KEY_BYTES];
        for (byte[] key : keys) {
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) random.nextInt(256);
            }
        }
        return keys;
    }

    /** A memory store without limits holding {@code peers}; fails if any of them is not stored. */
    static MemoryPeerStore memoryStore(List<PeerInfo> peers) {
        MemoryPeerStore store = new MemoryPeerStore(UNLIMITED);
        for (PeerInfo p : peers) {
            add(store, p);
        }
        if (store.size() != peers.size()) {
            throw new IllegalStateException("store holds " + store.size() + " peers, not " + peers.size());
        }
        return store;
    }

    static void add(PeerStoreBackend store, PeerInfo peer) {
        try {
            store.add(peer);
        } catch (DiscoveryException e) {
            throw new IllegalStateException("benchmark peer refused: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh directory for store files: under the system property {@code bench.dir} when set, else under
     * {@code java.io.tmpdir}.
     */
    static Path tempDirectory() {
        try {
            Path parent = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "olocus-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
