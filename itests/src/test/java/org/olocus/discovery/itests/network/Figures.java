package org.olocus.discovery.itests.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.olocus.discovery.itests.OlocusOptions;

/**
 * The figures of one scenario over its runs ({@code -Dolocus.e2e.runs=N}): milliseconds from the second node's
 * ready line to both ends CONNECTED and proven, and the dial counters the nodes report. Printed to stdout (the
 * class's {@code failsafe-reports/…-output.txt}) and appended to {@code target/network-figures.txt}.
 */
final class Figures {
    private final String scenario;
    private final List<Long> millis = new ArrayList<>();
    private final List<Long> observedMillis = new ArrayList<>();
    private final Map<String, List<Double>> counters = new TreeMap<>();

    Figures(String scenario) {
        this.scenario = scenario;
    }

    /** How many runs a repeatable scenario makes: {@code olocus.e2e.runs}, default 1. */
    static int runs() {
        return Math.max(1, Integer.getInteger("olocus.e2e.runs", 1));
    }

    void add(Handshakes.Result r) {
        millis.add(r.millis());
        observedMillis.add(r.observedMillis());
        report("run " + millis.size() + ": " + r);
    }

    /**
     * Records the dial and false-claim counters of node {@code node}'s {@code discovery:status} output, and
     * {@code dials_per_dialled_peer} (the dialer's {@code dials / peers_dialled}) when it shows both.
     */
    void counters(String node, String status) {
        Map<String, Long> values = PeerView.counters(status);
        values.forEach((k, v) -> add(node + ":" + k, v));
        Long dials = values.get("dialer.dials");
        Long peers = values.get("dialer.peers_dialled");
        if (dials != null && peers != null && peers > 0) {
            add(node + ":dials_per_dialled_peer", (double) dials / peers);
        }
    }

    private void add(String key, double value) {
        counters.computeIfAbsent(key, x -> new ArrayList<>()).add(value);
    }

    void print() {
        StringBuilder b = new StringBuilder();
        b.append(millis.size()).append(" run(s): second node ready -> both CONNECTED+proven ")
                .append(stats(millis)).append(" (as polled through --exec: ").append(stats(observedMillis)).append(')');
        if (counters.isEmpty()) {
            b.append("; the nodes report no dial counters in discovery:status");
        }
        counters.forEach((k, v) -> b.append("\n  ").append(k).append(" per run: ").append(decimals(v)));
        report(b.toString());
    }

    private static String stats(List<Long> values) {
        if (values.isEmpty()) {
            return "(none)";
        }
        List<Long> s = new ArrayList<>(values);
        Collections.sort(s);
        return "p50=" + percentile(s, 50) + " p95=" + percentile(s, 95) + " min=" + s.get(0) + " max="
                + s.get(s.size() - 1);
    }

    private static String decimals(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return String.format(Locale.ROOT, "p50=%.2f max=%.2f", s.get((s.size() - 1) / 2), s.get(s.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private void report(String line) {
        String text = "FIGURES " + Instant.now() + " " + scenario + ": " + line;
        System.out.println(text);
        try {
            Files.writeString(OlocusOptions.target().resolve("network-figures.txt"), text + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("could not write network-figures.txt: " + e);
        }
    }
}
