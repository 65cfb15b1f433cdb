package org.olocus.discovery.peerstore.internal;

import java.util.Arrays;
import java.util.List;

import org.olocus.discovery.api.PeerInfo;

/**
 * The naive answer to {@code closest(key, n)} that the trie is compared against, written to be fair to it: one
 * pass over a plain list of peers, the XOR distance compared byte by byte without allocating (so most peers are
 * dismissed after a byte or two), and a bounded max-heap of the {@code n} nearest so far (O(N log n), not a sort
 * of all N). Only the final {@code n} are sorted, nearest first, to return what the store returns.
 *
 * <p>In the benchmark's package for the reason given in {@link BenchPeers}.
 */
final class XorScan {
    private XorScan() {
    }

    static List<PeerInfo> closest(List<PeerInfo> peers, byte[] target, int count) {
        PeerInfo[] heap = new PeerInfo[count]; // heap[0] is the farthest of the nearest found so far
        int size = 0;
        byte[] farthest = null;
        for (int i = 0, n = peers.size(); i < n; i++) {
            PeerInfo peer = peers.get(i);
            byte[] key = peer.id().kadKeyUnsafe();
            if (size < count) {
                heap[size] = peer;
                siftUp(heap, size++, target);
                farthest = heap[0].id().kadKeyUnsafe();
            } else if (compare(key, farthest, target) < 0) {
                heap[0] = peer;
                siftDown(heap, size, target);
                farthest = heap[0].id().kadKeyUnsafe();
            }
        }
        PeerInfo[] nearestFirst = Arrays.copyOf(heap, size);
        Arrays.sort(nearestFirst, (a, b) -> compare(a.id().kadKeyUnsafe(), b.id().kadKeyUnsafe(), target));
        return Arrays.asList(nearestFirst);
    }

    /** Sign of distance(a, target) - distance(b, target), as unsigned 256-bit numbers. */
    static int compare(byte[] a, byte[] b, byte[] target) {
        for (int i = 0; i < target.length; i++) {
            int da = (a[i] ^ target[i]) & 0xFF;
            int db = (b[i] ^ target[i]) & 0xFF;
            if (da != db) {
                return da < db ? -1 : 1;
            }
        }
        return 0;
    }

    private static void siftUp(PeerInfo[] heap, int at, byte[] target) {
        PeerInfo moving = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (compare(heap[parent].id().kadKeyUnsafe(), moving.id().kadKeyUnsafe(), target) >= 0) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = moving;
    }

    private static void siftDown(PeerInfo[] heap, int size, byte[] target) {
        PeerInfo moving = heap[0];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && compare(heap[child + 1].id().kadKeyUnsafe(), heap[child].id().kadKeyUnsafe(),
                    target) > 0) {
                child++;
            }
            if (compare(heap[child].id().kadKeyUnsafe(), moving.id().kadKeyUnsafe(), target) <= 0) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = moving;
    }
}
