package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.olocus.discovery.api.PeerId;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class KadKeyTrieTest {

    @Property(tries = 200)
    void closestIsTheBruteForceXorOrder(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int peers,
            @ForAll @IntRange(min = 0, max = 40) int count) {
        Random random = new Random(seed);
        KadKeyTrie trie = new KadKeyTrie();
        List<PeerId> ids = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            PeerId id = TestPeers.randomId(random);
            ids.add(id);
            trie.insert(id);
        }
        byte[] target = new byte[32];
        random.nextBytes(target);
        if (peers > 0 && random.nextBoolean()) {
            target = ids.get(random.nextInt(peers)).kadKey(); // a stored key: distance 0 comes first
        }
        assertEquals(bruteForce(ids, target, count), trie.closest(target, count));
    }

    @Property(tries = 100)
    void insertAndRemoveKeepTheIndexEqualToASet(@ForAll long seed) {
        Random random = new Random(seed);
        KadKeyTrie trie = new KadKeyTrie();
        Set<PeerId> model = new HashSet<>();
        List<PeerId> universe = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            universe.add(TestPeers.randomId(random));
        }
        for (int step = 0; step < 400; step++) {
            PeerId id = universe.get(random.nextInt(universe.size()));
            if (random.nextBoolean()) {
                assertEquals(model.add(id), trie.insert(id));
            } else {
                assertEquals(model.remove(id), trie.remove(id));
            }
            assertEquals(model.size(), trie.size());
            assertEquals(model.contains(id), trie.contains(id));
        }
        byte[] target = new byte[32];
        random.nextBytes(target);
        assertEquals(bruteForce(new ArrayList<>(model), target, model.size()),
                trie.closest(target, Integer.MAX_VALUE));
    }

    @Example
    void emptyAndDegenerateQueries() {
        KadKeyTrie trie = new KadKeyTrie();
        assertTrue(trie.closest(new byte[32], 20).isEmpty());
        assertFalse(trie.remove(TestPeers.randomId(new Random(1))));
        PeerId only = TestPeers.randomId(new Random(2));
        assertTrue(trie.insert(only));
        assertFalse(trie.insert(only));
        assertTrue(trie.closest(new byte[32], 0).isEmpty());
        assertEquals(List.of(only), trie.closest(new byte[32], 5));
        assertTrue(trie.remove(only));
        assertEquals(0, trie.size());
        assertTrue(trie.closest(new byte[32], 5).isEmpty());
    }

    @Example
    void realEd25519IdsAreIndexedToo() {
        List<PeerId> ids = new ArrayList<>();
        KadKeyTrie trie = new KadKeyTrie();
        for (int i = 0; i < 50; i++) {
            PeerId id = TestPeers.ed25519Id();
            ids.add(id);
            trie.insert(id);
        }
        byte[] target = ids.get(7).kadKey();
        assertEquals(bruteForce(ids, target, 20), trie.closest(target, 20));
        assertEquals(ids.get(7), trie.closest(target, 1).get(0));
    }

    @Example
    void wrongKeyLengthIsRefused() {
        KadKeyTrie trie = new KadKeyTrie();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trie.closest(new byte[31], 1));
        assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
    }

    @Example
    void bitsCountFromTheMostSignificantBit() {
        byte[] key = new byte[32];
        key[0] = (byte) 0x80;
        key[31] = 1;
        assertEquals(1, KadKeyTrie.bit(key, 0));
        assertEquals(0, KadKeyTrie.bit(key, 1));
        assertEquals(1, KadKeyTrie.bit(key, 255));
        assertEquals(256, KadKeyTrie.firstDifferingBit(key, key.clone()));
        assertEquals(0, KadKeyTrie.firstDifferingBit(key, new byte[32]));
        assertEquals(255, KadKeyTrie.firstDifferingBit(new byte[32], withLastBit()));
    }

    private static byte[] withLastBit() {
        byte[] key = new byte[32];
        key[31] = 1;
        return key;
    }

    static List<PeerId> bruteForce(List<PeerId> ids, byte[] target, int count) {
        List<PeerId> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparing((PeerId id) -> PeerId.xor(id.kadKey(), target),
                Arrays::compareUnsigned));
        return sorted.subList(0, Math.min(count, sorted.size()));
    }
}
