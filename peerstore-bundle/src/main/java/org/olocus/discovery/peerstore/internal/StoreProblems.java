package org.olocus.discovery.peerstore.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last problems a store met, newest last, for {@code describe()}; bounded so a flapping disk cannot grow it. */
final class StoreProblems {
    private static final int KEEP = 20;
    private final Deque<String> problems = new ArrayDeque<>();

    synchronized void add(String problem) {
        if (problems.size() == KEEP) {
            problems.removeFirst();
        }
        problems.addLast(problem);
    }

    synchronized List<String> list() {
        return List.copyOf(problems);
    }
}
