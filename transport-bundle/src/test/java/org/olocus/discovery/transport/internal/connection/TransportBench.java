package org.olocus.discovery.transport.internal.connection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.olocus.discovery.api.Multiaddr;

/**
 * The transport benchmark, side by side in one run: handshakes/s, ping RTT p50/p99 and 1- and 16-stream
 * throughput for Java⇄Java, Java→js (our client, js-libp2p server), js→Java and js⇄js, every pair on 127.0.0.1.
 * Java nodes live in this JVM; js nodes are Node processes of the fixture ({@code bench-libp2p.mjs}) started here
 * and stopped by pid. Not a unit test; run as a main (see the module README):
 * {@code TransportBench [seconds per figure, 3] [MiB on 1 stream, 128] [MiB per stream on 16, 8]}.
 */
public final class TransportBench {
    private TransportBench() {
    }

    /** One column: who dials whom, and its figures (or why there are none). */
    private record Column(String title, TransportBenchFigures figures, String failure) {
    }

    private interface Measurement {
        TransportBenchFigures run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Duration perFigure = Duration.ofMillis((long) (1000 * (args.length > 0 ? Double.parseDouble(args[0]) : 3)));
        int mib1 = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int mibPer16 = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String loadBefore = loadAverage();
        long start = System.nanoTime();
        List<Column> columns = new ArrayList<>();
        boolean js = TransportBenchJs.available();
        try (TransportBenchJava.Server javaServer = TransportBenchJava.server()) {
            Multiaddr java = javaServer.address();
            columns.add(column("Java⇄Java", () -> TransportBenchJava.measure(java, perFigure, mib1, mibPer16)));
            if (js) {
                try (TransportBenchJs.Server jsServer = TransportBenchJs.server()) {
                    Multiaddr node = jsServer.address();
                    columns.add(column("Java→js", () -> TransportBenchJava.measure(node, perFigure, mib1, mibPer16)));
                    columns.add(column("js→Java", () -> TransportBenchJs.measure(java, perFigure, mib1, mibPer16)));
                    columns.add(column("js⇄js", () -> TransportBenchJs.measure(node, perFigure, mib1, mibPer16)));
                }
            } else {
                String why = "js fixture missing: bash .ci/setup-transport.sh";
                columns.add(new Column("Java→js", null, why));
                columns.add(new Column("js→Java", null, why));
                columns.add(new Column("js⇄js", null, why));
            }
        }
        print(columns, perFigure, mib1, mibPer16);
        System.out.printf("%nrun: %.0f s; load average before %s, after %s; %s, %d cores%n",
                (System.nanoTime() - start) / 1e9, loadBefore, loadAverage(), "JDK " + Runtime.version(),
                Runtime.getRuntime().availableProcessors());
    }

    private static Column column(String title, Measurement measurement) {
        System.err.println("measuring " + title + " …");
        try {
            return new Column(title, measurement.run(), null);
        } catch (Exception e) {
            System.err.println(title + " failed: " + e);
            e.printStackTrace();
            return new Column(title, null, e.toString());
        }
    }

    private static void print(List<Column> columns, Duration perFigure, int mib1, int mibPer16) {
        StringBuilder header = new StringBuilder(String.format("%-40s", "figure (127.0.0.1, client→server)"));
        columns.forEach(c -> header.append(String.format(" %12s", c.title())));
        System.out.println(header);
        row(columns, "handshakes/s, 1 at a time", TransportBenchFigures::handshakesSeq, "%.0f");
        row(columns, "handshakes/s, 8 in flight", TransportBenchFigures::handshakes8, "%.0f");
        row(columns, "connect+identify/s, 1 at a time", TransportBenchFigures::identifiedSeq, "%.0f");
        row(columns, "ping RTT p50 (µs)", TransportBenchFigures::pingP50Us, "%.0f");
        row(columns, "ping RTT p99 (µs)", TransportBenchFigures::pingP99Us, "%.0f");
        row(columns, "1 stream (MiB/s, " + mib1 + " MiB)", TransportBenchFigures::mib1, "%.1f");
        row(columns, "16 streams (MiB/s, 16 × " + mibPer16 + " MiB)", TransportBenchFigures::mib16, "%.1f");
        for (Column c : columns) {
            if (c.failure() != null) {
                System.out.println(c.title() + ": no figures: " + c.failure());
            }
        }
        System.out.printf("(handshake and ping figures: %.1f s each; both sides of every pair on this machine)%n",
                perFigure.toMillis() / 1e3);
    }

    private static void row(List<Column> columns, String name, ToDoubleFunction<TransportBenchFigures> figure,
            String format) {
        StringBuilder line = new StringBuilder(String.format("%-40s", name));
        for (Column c : columns) {
            line.append(String.format(" %12s", c.figures() == null ? "—"
                    : String.format(format, figure.applyAsDouble(c.figures()))));
        }
        System.out.println(line);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
