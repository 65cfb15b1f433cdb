package org.olocus.discovery.itests.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.olocus.discovery.itests.distribution.NodeProcess;

/**
 * Waits until nodes show each other CONNECTED and proven in their stores, polling {@code discovery:peer <id>}
 * through {@code --exec} on every node at once, and measures how long that took from a start instant (the second
 * node's ready line). The figure is taken from the nodes' own {@code proven=} times when they are instants (no
 * polling delay in it), otherwise from when the poll saw it.
 */
final class Handshakes {
    private static final long POLL_PAUSE = 300;

    /** A node and the peer it must show CONNECTED and proven. */
    record Side(NodeProcess node, String peerId) {
    }

    /** One side's observation: when the poll saw it (epoch ms), what the node said, its proven= instant if any. */
    record Seen(long atMillis, PeerView view, Optional<Instant> provenAt) {
    }

    /**
     * The measurement: {@code millis} from the start instant to the last side proven (by the nodes' proven= times
     * when every side has one, else as polled), and {@code observedMillis} as polled.
     */
    record Result(long millis, long observedMillis, boolean fromProvenTimes, List<Seen> seen) {
        /** The same, with another side (e.g. the js node's CONNECTED line) seen at {@code atMillis}. */
        Result including(long startMillis, long atMillis) {
            long other = atMillis - startMillis;
            return new Result(Math.max(millis, other), Math.max(observedMillis, other), fromProvenTimes, seen);
        }

        @Override
        public String toString() {
            return millis + " ms (" + (fromProvenTimes ? "from the nodes' proven= times" : "as polled") + "; seen by "
                    + "polling after " + observedMillis + " ms)";
        }
    }

    private Handshakes() {
    }

    static Result await(long startMillis, long waitMillis, Side... sides) throws Exception {
        long deadline = System.currentTimeMillis() + waitMillis;
        ExecutorService pool = Executors.newFixedThreadPool(sides.length);
        try {
            List<Future<Seen>> futures = new ArrayList<>();
            for (Side s : sides) {
                futures.add(pool.submit(() -> poll(s, deadline)));
            }
            List<Seen> seen = new ArrayList<>();
            StringBuilder failures = new StringBuilder();
            for (int i = 0; i < sides.length; i++) {
                try {
                    seen.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    failures.append(e.getCause().getMessage()).append('\n');
                }
            }
            if (failures.length() > 0) {
                throw new AssertionError("within " + waitMillis + " ms of the second node's ready line:\n" + failures);
            }
            long observed = seen.stream().mapToLong(Seen::atMillis).max().orElseThrow() - startMillis;
            boolean stamped = seen.stream().allMatch(s -> s.provenAt().isPresent());
            long millis = stamped ? seen.stream().mapToLong(s -> s.provenAt().orElseThrow().toEpochMilli()).max()
                    .orElseThrow() - startMillis : observed;
            return new Result(millis, observed, stamped, seen);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Seen poll(Side side, long deadline) throws Exception {
        String last = "(never answered)";
        while (System.currentTimeMillis() < deadline) {
            NodeProcess.ExecResult r = side.node().exec("discovery:peer " + side.peerId());
            long at = System.currentTimeMillis();
            last = r.output().strip();
            PeerView view = new PeerView(r.output());
            if (r.exitStatus() == 0 && view.connectedAndProven()) {
                return new Seen(at, view, view.provenAt());
            }
            Thread.sleep(POLL_PAUSE);
        }
        String status = side.node().exec("discovery:status").output();
        throw new AssertionError("node " + side.node().home().getFileName() + " never showed " + side.peerId()
                + " CONNECTED and proven=; last discovery:peer:\n  " + last + "\nits discovery:status:\n" + status
                + "\nits log (last 30 lines):\n" + side.node().logTail(30));
    }
}
