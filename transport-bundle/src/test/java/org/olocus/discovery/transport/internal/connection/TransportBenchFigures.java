package org.olocus.discovery.transport.internal.connection;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One column of the transport benchmark: what a client measured against one server.
 *
 * @param handshakesSeq new connections per second, one dial at a time (dial → upgraded → close → closed)
 * @param handshakes8   the same with 8 client nodes dialling at once
 * @param identifiedSeq new connections per second, one at a time, each waited for until its identify arrived
 * @param pingP50Us     median time of one ping call (new stream, negotiation, 32-byte echo), µs
 * @param pingP99Us     99th percentile of the same, µs
 * @param mib1          discard throughput over one stream, MiB/s (first byte to the receiver's 1-byte ack)
 * @param mib16         the same over 16 streams of one connection at once
 */
record TransportBenchFigures(double handshakesSeq, double handshakes8, double identifiedSeq, double pingP50Us,
        double pingP99Us, double mib1, double mib16) {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(-?[0-9.eE+-]+)");

    /** Reads the flat JSON object that {@code bench-libp2p.mjs drive} prints after {@code RESULT }. */
    static TransportBenchFigures fromJson(String json) {
        java.util.Map<String, Double> values = new java.util.HashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        String[] keys = {"handshakesSeq", "handshakes8", "identifiedSeq", "pingP50Us", "pingP99Us", "mib1", "mib16"};
        double[] v = new double[keys.length];
        for (int i = 0; i < keys.length; i++) {
            Double value = values.get(keys[i]);
            if (value == null) {
                throw new IllegalArgumentException("js bench result lacks " + keys[i] + ": " + json);
            }
            v[i] = value;
        }
        return new TransportBenchFigures(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }
}
