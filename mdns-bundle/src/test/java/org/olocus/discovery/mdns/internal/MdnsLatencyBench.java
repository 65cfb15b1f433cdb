package org.olocus.discovery.mdns.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.olocus.discovery.testsupport.ChildProcess;
import org.olocus.discovery.testsupport.Namespaces;

/**
 * Discovery latency of our mechanism against Avahi's {@code avahi-browse}, in two network namespaces (needs root,
 * Avahi, D-Bus). Prints a Markdown table. Run with
 * {@code mvn -B -f mdns-bundle/pom.xml test-compile exec:java …} or directly:
 * {@code java -cp <test classpath> org.olocus.discovery.mdns.internal.MdnsLatencyBench [runs]}.
 * <ul>
 * <li><b>found peer</b>: a peer has been advertising for seconds; from our {@code start()} (resp. the launch of
 * {@code avahi-browse -rp} against a freshly started avahi-daemon with an empty cache) until the peer is pushed to
 * the sink (resp. printed resolved).</li>
 * <li><b>new peer</b>: both browsers run; a new peer starts in the other namespace; from the moment its first
 * announcement arrives in the browsers' namespace (a sniffer there timestamps it) until it is pushed (resp.
 * printed resolved).</li>
 * </ul>
 */
public final class MdnsLatencyBench {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private MdnsLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path tmp = Files.createTempDirectory("mdns-bench");
        List<Long> oursFound = new ArrayList<>();
        List<Long> avahiFound = new ArrayList<>();
        List<Long> oursNew = new ArrayList<>();
        List<Long> avahiNew = new ArrayList<>();
        try (Namespaces ns = new Namespaces()) {
            String x = ns.create("x");
            String y = ns.create("y");
            String ifY = ns.ifName("y");
            ns.link(x, ns.ifName("x"), "10.231.5.1/24", y, ifY, "10.231.5.2/24");

            // 1. An already-advertised peer.
            String peer = TestIdentity.idOf(41).toString();
            ChildProcess advertised = MdnsProbeMain.start(ns, x, 41);
            advertised.awaitOrFail(l -> l.startsWith("READY"), WAIT, "READY");
            Thread.sleep(6000);
            for (int i = 0; i < runs; i++) {
                try (ChildProcess ours = MdnsProbeMain.start(ns, y, 100 + i)) {
                    String found = ours.awaitOrFail(l -> l.startsWith("FOUND " + peer), WAIT, "the peer");
                    oursFound.add(Long.parseLong(found.split(" ")[2]));
                    ours.send("exit");
                }
                Path dir = tmp.resolve("found-" + i);
                try (ChildProcess avahi = ns.avahi(y, dir, ifY)) {
                    avahi.awaitOrFail(l -> l.equals("READY"), WAIT, "avahi READY");
                    long launched = System.currentTimeMillis();
                    try (ChildProcess browse = ns.avahiBrowse(y, dir, "_olocus._tcp")) {
                        String line = browse.awaitOrFail(l -> l.startsWith("=") && l.contains(peer), WAIT,
                                "the peer in avahi-browse");
                        avahiFound.add(browse.arrivalOf(line) - launched);
                    }
                }
            }
            advertised.send("exit");

            // 2. New peers, each measured from its first announcement.
            Path dir = tmp.resolve("new");
            ChildProcess avahi = ns.avahi(y, dir, ifY);
            avahi.awaitOrFail(l -> l.equals("READY"), WAIT, "avahi READY");
            ChildProcess browse = ns.avahiBrowse(y, dir, "_olocus._tcp");
            ChildProcess ours = MdnsProbeMain.start(ns, y, 60, "sniff=" + ifY);
            ours.awaitOrFail(l -> l.startsWith("READY"), WAIT, "READY");
            for (int i = 0; i < runs; i++) {
                String id = TestIdentity.idOf(200 + i).toString();
                try (ChildProcess fresh = MdnsProbeMain.start(ns, x, 200 + i)) {
                    String found = ours.awaitOrFail(l -> l.startsWith("FOUND " + id), WAIT, "the new peer");
                    String heard = ours.awaitOrFail(l -> l.startsWith("HEARD ") && l.contains(id), WAIT,
                            "its announcement");
                    String seen = browse.awaitOrFail(l -> l.startsWith("=") && l.contains(id), WAIT,
                            "the new peer in avahi-browse");
                    long announced = Long.parseLong(heard.split(" ")[1]);
                    oursNew.add(Long.parseLong(found.substring(found.lastIndexOf('@') + 1)) - announced);
                    avahiNew.add(browse.arrivalOf(seen) - announced);
                    fresh.send("exit");
                    ours.awaitOrFail(l -> l.startsWith("LOST " + id), WAIT, "its goodbye");
                }
            }
        }
        System.out.println();
        System.out.println("| measurement (" + runs + " runs, ms) | ours p50 | ours p95 | ours max | avahi-browse p50"
                + " | avahi-browse p95 | avahi-browse max |");
        System.out.println("|---|---|---|---|---|---|---|");
        row("already-advertised peer, start → pushed", oursFound, avahiFound);
        row("new peer, announcement → pushed", oursNew, avahiNew);
    }

    private static void row(String name, List<Long> ours, List<Long> avahi) {
        System.out.println(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d |", name, pct(ours, 50),
                pct(ours, 95), pct(ours, 100), pct(avahi, 50), pct(avahi, 95), pct(avahi, 100)));
    }

    /** Nearest-rank percentile. */
    static long pct(List<Long> values, int p) {
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.size());
        return v.get(Math.max(0, Math.min(v.size() - 1, rank - 1)));
    }
}
