package org.olocus.discovery.dns.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts skipped records by category and keeps the latest reasons. A reason is logged at WARN the first time it
 * is seen and at DEBUG after, so a bad record that stays in DNS does not flood the log every round.
 */
final class RejectLog {
    private static final Logger LOG = LoggerFactory.getLogger(RejectLog.class);
    private static final int RECENT = 20;
    private static final int REMEMBERED = 512;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Deque<String> recent = new ArrayDeque<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** Records one skipped entry found at {@code owner}; returns the line to show. */
    String reject(String owner, PeerTxt.Problem problem) {
        counts.computeIfAbsent(problem.category(), c -> new LongAdder()).increment();
        String line = owner + ": " + problem;
        synchronized (recent) {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(line);
        }
        if (warned.size() < REMEMBERED && warned.add(line)) {
            LOG.warn("Skipped a DNS record at {}", line);
        } else {
            LOG.debug("Skipped a DNS record at {}", line);
        }
        return line;
    }

    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    List<String> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }
}
