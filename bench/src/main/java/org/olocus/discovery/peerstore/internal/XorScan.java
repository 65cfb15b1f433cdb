package org.olocus.discovery.peerstore.internal;

import java.util.Arrays;
import java.util.List;

import org.olocus.discovery.api.PeerId;
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
        PeerId farthest = null;
        for (int i = 0, n = peers.size(); i < n; i++) {
            PeerInfo peer = peers.get(i);
            if (size < count) {
                heap[size] = peer;
                siftUp(heap, size++, target);
                farthest = heap[0].id();
            } else if (peer.id().compareDistance(farthest, target) < 0) {
                heap[0] = peer;
                siftDown(heap, size, target);
                farthest = heap[0].id();
            }
        }
        PeerInfo[] nearestFirst = Arrays.copyOf(heap, size);
        Arrays.sort(nearestFirst, (a, b) -> a.id().compareDistance(b.id(), target));
        return Arrays.asList(nearestFirst);
    }

    private static void siftUp(PeerInfo[] heap, int at, byte[] target) {
        PeerInfo moving = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (heap[parent].id().compareDistance(moving.id(), target) >= 0) {
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
            if (child + 1 < size && heap[child + 1].id().compareDistance(heap[child].id(), target) > 0) {
                child++;
            }
            if (heap[child].id().compareDistance(moving.id(), target) <= 0) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = moving;
    }
}
