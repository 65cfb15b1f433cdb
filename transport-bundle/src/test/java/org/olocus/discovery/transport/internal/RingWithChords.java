package org.olocus.discovery.transport.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Test topology: who dials whom among {@code nodes} hosts, as {@code {dialer, listener}} index pairs. */
public final class RingWithChords {
    private RingWithChords() {
    }

    /** Each node dials its ring successor and {@code chords} random others; no pair of nodes is linked twice. */
    public static List<int[]> plan(int nodes, int chords, Random random) {
        List<int[]> links = new ArrayList<>();
        Set<Long> linked = new HashSet<>();
        for (int i = 0; i < nodes; i++) {
            int next = (i + 1) % nodes;
            linked.add(pair(nodes, i, next));
            links.add(new int[] {i, next});
        }
        for (int i = 0; i < nodes; i++) {
            for (int added = 0; added < chords; ) {
                int j = random.nextInt(nodes);
                if (j != i && linked.add(pair(nodes, i, j))) {
                    links.add(new int[] {i, j});
                    added++;
                }
            }
        }
        return links;
    }

    private static long pair(int nodes, int a, int b) {
        return (long) Math.min(a, b) * nodes + Math.max(a, b);
    }
}
