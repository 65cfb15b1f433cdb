package org.olocus.discovery.peerstore.internal;

import java.util.ArrayList;
import java.util.List;

import org.olocus.discovery.api.PeerId;

/**
 * An index of peer ids by their 256-bit Kademlia key that lists the ids nearest (XOR) to any key without
 * scanning: a crit-bit (PATRICIA) trie. Each internal node holds the first bit at which the keys below it differ
 * and two children; leaves are the {@link PeerId}s themselves, so a peer costs one 24-byte node and nothing else.
 *
 * <p>Why the walk yields XOR order: every key below a node shares all bits before the node's crit bit, so under
 * XOR with the target those bits are equal for the whole subtree, and the child on the target's side of the crit
 * bit (XOR bit 0) holds only keys nearer than every key of the other child (XOR bit 1). Visiting the near child
 * first, depth first, therefore emits leaves nearest first, and the walk stops after {@code count}.
 *
 * <p>Insert and remove touch at most 256 nodes. Not thread-safe: {@link MemoryPeerStore} guards it.
 */
final class KadKeyTrie {
    static final int KEY_BYTES = 32;
    private static final int KEY_BITS = KEY_BYTES * 8;

    /** An internal node; children are either {@code Node}s or {@code PeerId} leaves, never null. */
    private static final class Node {
        final int critBit;
        Object zero;
        Object one;

        Node(int critBit, Object zero, Object one) {
            this.critBit = critBit;
            this.zero = zero;
            this.one = one;
        }
    }

    private Object root;
    private int size;

    int size() {
        return size;
    }

    /** Adds {@code id}; false when it is there already. */
    boolean insert(PeerId id) {
        byte[] key = id.kadKey();
        if (root == null) {
            root = id;
            size = 1;
            return true;
        }
        PeerId nearest = leafFor(key);
        int critBit = firstDifferingBit(key, nearest.kadKey());
        if (critBit == KEY_BITS) {
            if (nearest.equals(id)) {
                return false;
            }
            throw new IllegalArgumentException("peer ids " + nearest + " and " + id + " have the same Kademlia key");
        }
        // Descend again to the first node that splits at a later bit than ours: the new node goes above it.
        Node parent = null;
        boolean parentOne = false;
        Object current = root;
        while (current instanceof Node node && node.critBit < critBit) {
            parent = node;
            parentOne = bit(key, node.critBit) == 1;
            current = parentOne ? node.one : node.zero;
        }
        Node fresh = bit(key, critBit) == 0 ? new Node(critBit, id, current) : new Node(critBit, current, id);
        replaceChild(parent, parentOne, fresh);
        size++;
        return true;
    }

    /** Removes {@code id}; false when it was not there. */
    boolean remove(PeerId id) {
        if (root == null) {
            return false;
        }
        byte[] key = id.kadKey();
        Node grandparent = null;
        boolean grandparentOne = false;
        Node parent = null;
        boolean parentOne = false;
        Object current = root;
        while (current instanceof Node node) {
            grandparent = parent;
            grandparentOne = parentOne;
            parent = node;
            parentOne = bit(key, node.critBit) == 1;
            current = parentOne ? node.one : node.zero;
        }
        if (!current.equals(id)) {
            return false;
        }
        if (parent == null) {
            root = null;
        } else {
            // The parent only told the removed leaf from its sibling; the sibling takes the parent's place.
            replaceChild(grandparent, grandparentOne, parentOne ? parent.zero : parent.one);
        }
        size--;
        return true;
    }

    boolean contains(PeerId id) {
        return root != null && leafFor(id.kadKey()).equals(id);
    }

    /** Up to {@code count} ids, nearest to {@code key} (32 bytes) first. */
    List<PeerId> closest(byte[] key, int count) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a Kademlia key has " + KEY_BYTES + " bytes, not "
                    + (key == null ? "null" : key.length));
        }
        if (count <= 0 || root == null) {
            return new ArrayList<>(0);
        }
        List<PeerId> out = new ArrayList<>(Math.min(count, size));
        collect(root, key, count, out);
        return out;
    }

    /** Depth-first, near child first; recursion depth is bounded by the 256 key bits. */
    private static void collect(Object subtree, byte[] key, int count, List<PeerId> out) {
        Object current = subtree;
        while (current instanceof Node node) {
            boolean one = bit(key, node.critBit) == 1;
            collect(one ? node.one : node.zero, key, count, out);
            if (out.size() >= count) {
                return;
            }
            current = one ? node.zero : node.one; // the far child: a loop, not a second recursive call
        }
        out.add((PeerId) current);
    }

    /** The leaf reached by following {@code key}'s bits; it shares every crit bit on the path with the key. */
    private PeerId leafFor(byte[] key) {
        Object current = root;
        while (current instanceof Node node) {
            current = bit(key, node.critBit) == 0 ? node.zero : node.one;
        }
        return (PeerId) current;
    }

    private void replaceChild(Node parent, boolean one, Object child) {
        if (parent == null) {
            root = child;
        } else if (one) {
            parent.one = child;
        } else {
            parent.zero = child;
        }
    }

    /** Bit {@code index} of {@code key}, counting from the most significant bit of byte 0. */
    static int bit(byte[] key, int index) {
        return (key[index >>> 3] >>> (7 - (index & 7))) & 1;
    }

    /** The first bit at which two keys differ, or 256 when they are equal. */
    static int firstDifferingBit(byte[] a, byte[] b) {
        for (int i = 0; i < KEY_BYTES; i++) {
            int x = (a[i] ^ b[i]) & 0xFF;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return KEY_BITS;
    }
}
