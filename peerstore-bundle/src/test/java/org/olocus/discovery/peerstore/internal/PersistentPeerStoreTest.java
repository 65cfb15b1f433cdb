package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.api.StoreUpdate;

class PersistentPeerStoreTest {
    private static final PeerLimits ROOMY = new PeerLimits(1000, 100, 100);

    @TempDir
    Path dir;

    private final Random random = new Random(7);

    private PeerInfo randomPeer(long seconds) {
        return TestPeers.peer(TestPeers.randomId(random), TestPeers.T0.plusSeconds(seconds));
    }

    @Test
    void reopeningKeepsEveryWrite() throws DiscoveryException {
        Path file = dir.resolve("peers.mv");
        Set<PeerInfo> expected = new HashSet<>();
        PeerInfo removed;
        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            for (int i = 0; i < 20; i++) {
                PeerInfo peer = randomPeer(i).withProtocols(Set.of("/ipfs/kad/1.0.0"))
                        .withSources(Set.of(DiscoveryType.MDNS, DiscoveryType.DNS)).withReputation(i - 10);
                store.add(peer);
            }
            PeerInfo first = store.all().get(0);
            assertTrue(store.markSeen(first.id(), TestPeers.T0.plusSeconds(999)));
            removed = store.all().get(1);
            store.remove(removed.id());
            StoreUpdate update = store.add(store.all().get(2).withSources(Set.of(DiscoveryType.GOSSIP)));
            assertEquals(StoreUpdate.Kind.UPDATED, update.kind());
            expected.addAll(store.all());
        }
        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            assertEquals(expected, new HashSet<>(store.all()));
            assertFalse(store.get(removed.id()).isPresent());
            assertEquals("persistent", store.describe().get("type"));
            assertEquals(file.toAbsolutePath().toString(), store.describe().get("path"));
            assertFalse(store.describe().containsKey("problems"), store.describe().toString());
        }
    }

    @Test
    void connectionsDoNotSurviveARestart() throws DiscoveryException {
        Path file = dir.resolve("peers.mv");
        PeerInfo connected = TestPeers.connected(TestPeers.randomId(random), TestPeers.T0, ConnectionDirection.INBOUND);
        try (PersistentPeerStore store = PersistentPeerStore.open(file, new PeerLimits(10, 1, 1))) {
            store.add(connected);
        }
        try (PersistentPeerStore store = PersistentPeerStore.open(file, new PeerLimits(10, 1, 1))) {
            PeerInfo loaded = store.get(connected.id()).orElseThrow();
            assertEquals(ConnectionStatus.DISCONNECTED, loaded.status());
            assertEquals(ConnectionDirection.NONE, loaded.direction());
            // so its inbound slot is free again
            store.add(TestPeers.connected(TestPeers.randomId(random), TestPeers.T0, ConnectionDirection.INBOUND));
        }
    }

    @Test
    void addAllCopiesABatchDurably() {
        Path file = dir.resolve("nested/deeper/peers.mv");
        List<PeerInfo> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            batch.add(randomPeer(i));
        }
        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            assertEquals(300, store.addAll(batch));
        }
        assertTrue(Files.isRegularFile(file), "parent directories are created");
        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            assertEquals(new HashSet<>(batch), new HashSet<>(store.all()));
        }
    }

    @Test
    void openingWithLowerLimitsEvictsTheStalestFromTheFileToo() {
        Path file = dir.resolve("peers.mv");
        List<PeerInfo> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(randomPeer(i));
        }
        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            store.addAll(batch);
        }
        try (PersistentPeerStore store = PersistentPeerStore.open(file, new PeerLimits(4, 10, 10))) {
            assertEquals(new HashSet<>(batch.subList(6, 10)), new HashSet<>(store.all()));
        }
        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            assertEquals(4, store.size(), "the evictions were written");
        }
    }

    @Test
    void refusedAddsWriteNothing() throws DiscoveryException {
        Path file = dir.resolve("peers.mv");
        PeerInfo refused = TestPeers.connected(TestPeers.randomId(random), TestPeers.T0, ConnectionDirection.OUTBOUND);
        try (PersistentPeerStore store = PersistentPeerStore.open(file, new PeerLimits(10, 0, 0))) {
            DiscoveryException e = assertThrows(DiscoveryException.class, () -> store.add(refused));
            assertEquals(DiscoveryException.Kind.PEER_STORE_FULL, e.kind());
        }
        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            assertEquals(0, store.size());
        }
    }

    @Test
    void writesAfterCloseFailAndChangeNothing() throws DiscoveryException {
        PersistentPeerStore store = PersistentPeerStore.open(dir.resolve("peers.mv"), ROOMY);
        PeerInfo kept = randomPeer(0);
        store.add(kept);
        store.close();
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> store.add(randomPeer(1)));
        assertEquals(DiscoveryException.Kind.STORAGE, e.kind());
        assertThrows(IllegalStateException.class, () -> store.remove(kept.id()));
        assertEquals(List.of(kept), store.all());
        assertTrue(store.describe().get("problems").toString().contains("closed"));
        store.close(); // idempotent
    }

    @Test
    void aFileOfRandomBytesIsMovedAsideAndTheStoreStartsEmpty() throws IOException, DiscoveryException {
        Path file = dir.resolve("peers.mv");
        byte[] garbage = new byte[20_000];
        random.nextBytes(garbage);
        Files.write(file, garbage);
        assertMovedAsideAndEmpty(file, garbage);
    }

    @Test
    void garbageOverARealStoreFileIsMovedAside() throws IOException, DiscoveryException {
        Path file = dir.resolve("peers.mv");
        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            for (int i = 0; i < 50; i++) {
                store.add(randomPeer(i));
            }
        }
        byte[] damaged = Files.readAllBytes(file);
        byte[] garbage = new byte[8192]; // both store headers
        random.nextBytes(garbage);
        System.arraycopy(garbage, 0, damaged, 0, garbage.length);
        Files.write(file, damaged);
        assertMovedAsideAndEmpty(file, damaged);
    }

    private void assertMovedAsideAndEmpty(Path file, byte[] content) throws IOException, DiscoveryException {
        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            assertEquals(0, store.size());
            List<Path> aside = corruptSiblings(file);
            assertEquals(1, aside.size(), aside.toString());
            assertTrue(aside.get(0).getFileName().toString().matches("peers\\.mv\\.corrupt-\\d{8}-\\d{6}"),
                    aside.get(0).toString());
            assertArrayEquals(content, Files.readAllBytes(aside.get(0)), "moved, not altered");
            String problems = store.describe().get("problems").toString();
            assertTrue(problems.contains("corrupt") && problems.contains(aside.get(0).toString()), problems);
            store.add(randomPeer(1)); // and it works
        }
        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            assertEquals(1, store.size());
            assertFalse(store.describe().containsKey("problems"));
        }
    }

    @Test
    void garbageAnywhereInTheFileNeverFailsTheOpen() throws IOException, DiscoveryException {
        Path original = dir.resolve("original.mv");
        try (PersistentPeerStore store = PersistentPeerStore.open(original, ROOMY)) {
            for (int i = 0; i < 200; i++) {
                store.add(randomPeer(i));
            }
        }
        byte[] content = Files.readAllBytes(original);
        for (int offset = 0; offset < content.length; offset += 4096) {
            byte[] damaged = content.clone();
            byte[] garbage = new byte[Math.min(512, damaged.length - offset)];
            random.nextBytes(garbage);
            System.arraycopy(garbage, 0, damaged, offset, garbage.length);
            Path file = dir.resolve("damaged-" + offset + ".mv");
            Files.write(file, damaged);
            try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
                boolean movedAside = !corruptSiblings(file).isEmpty();
                assertTrue(movedAside ? store.size() == 0 : store.size() <= 200, "offset " + offset);
                store.add(randomPeer(1000)); // usable either way
            }
        }
    }

    @Test
    void aSecondCorruptFileInTheSameSecondGetsAnotherName() throws IOException {
        Path file = dir.resolve("peers.mv");
        for (int i = 0; i < 2; i++) {
            Files.write(file, new byte[] {1, 2, 3, (byte) i});
            PersistentPeerStore.open(file, ROOMY).close();
            Files.write(file, new byte[] {1, 2, 3, (byte) i}); // corrupt the fresh one again
        }
        PersistentPeerStore.open(file, ROOMY).close();
        assertEquals(3, corruptSiblings(file).size());
    }

    @Test
    void anUnreadableRecordIsSkippedCountedAndReported() throws DiscoveryException {
        Path file = dir.resolve("peers.mv");
        PeerInfo good = randomPeer(0);
        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            store.add(good);
        }
        MVStore raw = new MVStore.Builder().fileName(file.toString()).open();
        MVMap<byte[], byte[]> map = raw.openMap("peers",
                new MVMap.Builder<byte[], byte[]>().valueType(ByteArrayDataType.INSTANCE));
        map.put(new byte[] {1, 2, 3}, new byte[] {9, 9, 9});
        PeerInfo elsewhere = randomPeer(1);
        map.put(new byte[] {4}, PeerInfoCodec.encode(elsewhere)); // valid record under the wrong key
        raw.close();

        try (PersistentPeerStore store = PersistentPeerStore.open(file, ROOMY)) {
            assertEquals(List.of(good), store.all());
            Map<String, Object> facts = store.describe();
            assertEquals(2, facts.get("skipped_records"));
            assertTrue(facts.get("problems").toString().contains("version 9"), facts.toString());
            assertTrue(corruptSiblings(file).isEmpty(), "bad records do not make the file corrupt");
        }
    }

    @Test
    void aLockedFileIsNotTakenForACorruptOne() {
        Path file = dir.resolve("peers.mv");
        try (PersistentPeerStore first = PersistentPeerStore.open(file, ROOMY)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> PersistentPeerStore.open(file, ROOMY));
            assertTrue(e.getMessage().contains("locked"), e.getMessage());
            assertTrue(corruptSiblings(file).isEmpty());
        }
    }

    @Test
    void aDirectoryIsNotAStoreFile() throws IOException {
        Path directory = Files.createDirectories(dir.resolve("peers.mv"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PersistentPeerStore.open(directory, ROOMY));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void closestAndMarkSeenGoThroughTheMemoryView() throws DiscoveryException {
        try (PersistentPeerStore store = PersistentPeerStore.open(dir.resolve("peers.mv"), ROOMY)) {
            List<PeerId> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                PeerInfo peer = randomPeer(i);
                ids.add(peer.id());
                store.add(peer);
            }
            byte[] key = ids.get(3).kadKey();
            assertEquals(KadKeyTrieTest.bruteForce(ids, key, 10), store.closest(key, 10).stream()
                    .map(PeerInfo::id).toList());
            assertFalse(store.markSeen(TestPeers.randomId(random), Instant.now()));
            assertEquals(ROOMY, store.limits());
        }
    }

    @Test
    void closingLeavesNoThreadBehind() {
        Path file = dir.resolve("threads.mv");
        PersistentPeerStore.open(file, ROOMY).close();
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().contains(file.toString())),
                "the MVStore background writer stopped");
    }

    static List<Path> corruptSiblings(Path file) {
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + ".corrupt-"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
