package org.olocus.discovery.dns.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.olocus.discovery.testsupport.Fixtures;
import org.olocus.discovery.testsupport.KnotServer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Lookup latency against a local Knot (started like the tests start it) next to {@code kdig}'s timings of the same
 * questions. Prints a Markdown table. Run (from /work/main):
 *
 * <pre>
 * mvn -B -q -f dns-bundle/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp dns-bundle/target/test-classes:dns-bundle/target/classes:$(cat dns-bundle/target/cp.txt) \
 *     org.olocus.discovery.dns.internal.DnsLookupBench
 * </pre>
 */
public final class DnsLookupBench {
    private static final int COLD_WARMUP = 200;
    private static final int COLD_RUNS = 1000;
    private static final int CACHED_WARMUP = 200_000;
    private static final int CACHED_RUNS = 1_000_000;
    private static final int KDIG_RUNS = 100;
    private static final Pattern KDIG_TIME = Pattern.compile("in ([0-9.]+) ms");

    private DnsLookupBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        TestZone zone = new TestZone();
        try (KnotServer knot = KnotServer.start(zone.zones(), Optional.empty())) {
            DnsDiscovery dns = new DnsDiscovery(TestConfigs.config(Map.of("resolvers", new String[] {knot.resolver()})));
            try {
                run(knot, dns);
            } finally {
                dns.deactivate();
            }
        }
    }

    private static void run(KnotServer knot, DnsDiscovery dns) throws Exception {
        Name domain = Name.fromString("bench.olocus.test.");
        Name srvName = Name.fromString("_olocus._tcp.bench.olocus.test.");
        DnsEngine engine = dns.engineForTest();

        // Cold: every answer cache and result cache emptied before each lookup (1 SRV + 3 × (TXT, A, AAAA)).
        long[] cold = new long[COLD_RUNS];
        for (int i = -COLD_WARMUP; i < COLD_RUNS; i++) {
            engine.flush();
            long t0 = System.nanoTime();
            DomainResult r = engine.lookup(DomainResult.Source.SRV, domain).get(5, TimeUnit.SECONDS);
            long t = System.nanoTime() - t0;
            if (r.peers().size() != 3) {
                throw new IllegalStateException("expected 3 peers: " + r);
            }
            if (i >= 0) {
                cold[i] = t;
            }
        }
        // One uncached question, to compare with kdig's single queries.
        long[] single = new long[COLD_RUNS];
        for (int i = -COLD_WARMUP; i < COLD_RUNS; i++) {
            engine.flush();
            long t0 = System.nanoTime();
            engine.querier().ask(srvName, Type.SRV, System.nanoTime() + TimeUnit.SECONDS.toNanos(5)).get();
            if (i >= 0) {
                single[i] = System.nanoTime() - t0;
            }
        }
        // Cached: the domain's result is valid, the call answers from the result cache.
        engine.lookup(DomainResult.Source.SRV, domain).get();
        long[] cached = new long[CACHED_RUNS];
        for (int i = -CACHED_WARMUP; i < CACHED_RUNS; i++) {
            long t0 = System.nanoTime();
            DomainResult r = engine.lookup(DomainResult.Source.SRV, domain).getNow(null);
            long t = System.nanoTime() - t0;
            if (r == null) {
                throw new IllegalStateException("cached lookup did not complete at once");
            }
            if (i >= 0) {
                cached[i] = t;
            }
        }
        long[] kdigSrv = kdig(knot, "SRV", "_olocus._tcp.bench.olocus.test");
        long[] kdigTxt = kdig(knot, "TXT", "_olocus-peer.b0.bench.olocus.test");
        long[] kdigA = kdig(knot, "A", "b0.bench.olocus.test");

        System.out.println("| measurement (Knot on 127.0.0.1:" + knot.port() + ") | runs | p50 | p99 |");
        System.out.println("|---|---:|---:|---:|");
        row("olocus cold lookup, bench.olocus.test (3 targets: 1 SRV + 3×TXT/A/AAAA = 10 queries)", cold);
        row("olocus cached lookup, same domain (result cache)", cached);
        row("olocus single SRV query, uncached", single);
        row("kdig SRV _olocus._tcp.bench.olocus.test (kdig's own timing)", kdigSrv);
        row("kdig TXT _olocus-peer.b0.bench.olocus.test (kdig's own timing)", kdigTxt);
        row("kdig A b0.bench.olocus.test (kdig's own timing)", kdigA);
    }

    private static long[] kdig(KnotServer knot, String type, String name) throws IOException, InterruptedException {
        String kdig = Fixtures.command("kdig");
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < KDIG_RUNS; i++) {
            Process p = new ProcessBuilder(kdig, "@127.0.0.1", "-p", String.valueOf(knot.port()), type, name, "+noall",
                    "+stats").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            Matcher m = KDIG_TIME.matcher(text);
            if (!m.find()) {
                throw new IOException("no timing in kdig output: " + text);
            }
            out.add((long) (Double.parseDouble(m.group(1)) * 1_000_000));
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static void row(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("| %s | %d | %s | %s |%n", what, s.length, format(s[s.length / 2]),
                format(s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)]));
    }

    private static String format(long nanos) {
        return nanos >= 1_000_000 ? String.format("%.2f ms", nanos / 1e6)
                : nanos >= 1_000 ? String.format("%.1f µs", nanos / 1e3) : nanos + " ns";
    }
}
