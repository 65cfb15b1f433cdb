package org.olocus.discovery.transport.internal.shell;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.olocus.discovery.api.PeerId;

/**
 * What {@code net:ping} shows: every round-trip time and their minimum, average and maximum.
 *
 * @param peer the pinged peer
 * @param rtts each round trip, in order (at least one)
 */
public record NetPingResult(PeerId peer, List<Duration> rtts, Duration min, Duration avg, Duration max) {
    public NetPingResult {
        rtts = List.copyOf(rtts);
    }

    static NetPingResult of(PeerId peer, List<Duration> rtts) {
        Duration min = rtts.stream().min(Duration::compareTo).orElseThrow();
        Duration max = rtts.stream().max(Duration::compareTo).orElseThrow();
        long totalNanos = rtts.stream().mapToLong(Duration::toNanos).sum();
        return new NetPingResult(peer, rtts, min, max.isZero() ? max : Duration.ofNanos(totalNanos / rtts.size()),
                max);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rtts.size(); i++) {
            sb.append("ping ").append(i + 1).append(" to ").append(peer).append(": ").append(ms(rtts.get(i)))
                    .append('\n');
        }
        sb.append("min/avg/max = ").append(ms(min)).append(" / ").append(ms(avg)).append(" / ").append(ms(max));
        return sb.toString();
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.3f ms", d.toNanos() / 1e6);
    }
}
