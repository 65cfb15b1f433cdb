package org.olocus.discovery.transport.internal.connection;

import java.time.Duration;

/**
 * Java⇄Java figures of the libp2p host alone (the first column of {@link TransportBench}, without Node): both
 * hosts in this JVM on 127.0.0.1. Not a unit test; run as a main:
 * {@code HostBench [seconds per figure, 3] [MiB on 1 stream, 128] [MiB per stream on 16, 8]}.
 */
public final class HostBench {
    private HostBench() {
    }

    public static void main(String[] args) throws Exception {
        Duration perFigure = Duration.ofMillis((long) (1000 * (args.length > 0 ? Double.parseDouble(args[0]) : 3)));
        int mib1 = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int mibPer16 = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (TransportBenchJava.Server server = TransportBenchJava.server()) {
            TransportBenchFigures f = TransportBenchJava.measure(server.address(), perFigure, mib1, mibPer16);
            System.out.printf("%-44s %s%n", "figure (Java⇄Java, loopback, one JVM)", "value");
            System.out.printf("%-44s %.0f%n", "handshakes/s, 1 at a time", f.handshakesSeq());
            System.out.printf("%-44s %.0f%n", "handshakes/s, 8 in flight", f.handshakes8());
            System.out.printf("%-44s %.0f%n", "connect+identify/s, 1 at a time", f.identifiedSeq());
            System.out.printf("%-44s %.0f / %.0f%n", "ping RTT p50 / p99 (µs)", f.pingP50Us(), f.pingP99Us());
            System.out.printf("%-44s %.1f%n", "1 stream throughput (MiB/s, " + mib1 + " MiB)", f.mib1());
            System.out.printf("%-44s %.1f%n", "16 streams throughput (MiB/s, 16 × " + mibPer16 + " MiB)",
                    f.mib16());
        }
    }
}
