package org.olocus.discovery.mdns.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerSink;
import org.olocus.discovery.testsupport.ChildProcess;
import org.olocus.discovery.testsupport.Namespaces;

/**
 * A node of ours for the namespace tests, run as {@code ip netns exec NS java … MdnsProbeMain <seed> [options]}.
 * It starts the mdns mechanism with the identity of {@code seed} and prints one line per event on stdout:
 * <pre>
 * READY &lt;our id&gt; &lt;ms since start&gt;
 * FOUND &lt;id&gt; &lt;ms since start()&gt; &lt;addresses&gt; @&lt;epoch ms&gt;
 * LOST &lt;id&gt; &lt;ms since start&gt;
 * STATUS &lt;one-line status&gt;
 * STOPPED threads=&lt;mdns threads still alive&gt; &lt;names&gt;
 * </pre>
 * Options: {@code interfaces=a,b} {@code libp2p=false} {@code port=N} {@code sniff=<if>} (print
 * {@code HEARD <epoch ms> <ids>} for every mDNS response seen on that interface, for the benchmark). Commands on stdin: {@code status},
 * {@code stop}, {@code exit}. It exits by itself after 10 minutes.
 */
public final class MdnsProbeMain {
    /** When start() was called: FOUND and LOST times count from here. */
    private static volatile long t0 = System.nanoTime();

    private MdnsProbeMain() {
    }

    /** Runs a probe with the identity of {@code seed} in namespace {@code namespace} (tracked by {@code ns}). */
    static ChildProcess start(Namespaces ns, String namespace, long seed, String... options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Namespaces.javaBinary(), "-cp", System.getProperty("java.class.path"),
                MdnsProbeMain.class.getName(), Long.toString(seed)));
        cmd.addAll(List.of(options));
        return ns.start(namespace, "probe-" + seed, cmd);
    }

    public static void main(String[] args) throws Exception {
        TestIdentity me = TestIdentity.fromSeed(Long.parseLong(args[0]));
        MdnsSettings settings = MdnsSettings.defaults();
        for (String a : Arrays.copyOfRange(args, 1, args.length)) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "interfaces" -> settings = settings.withInterfaces(List.of(kv[1].split(",")));
                case "libp2p" -> settings = settings.withLibp2pCompat(Boolean.parseBoolean(kv[1]));
                case "port" -> settings = settings.withPort(Integer.parseInt(kv[1]));
                case "sniff" -> AnnouncementSniffer.start(kv[1], MdnsProbeMain::out);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        PeerSink sink = new PeerSink() {
            @Override
            public void peerFound(PeerInfo peer) {
                out("FOUND " + peer.id() + " " + ms(t0) + " " + peer.addresses() + " @" + System.currentTimeMillis());
            }

            @Override
            public void peerLost(PeerId peer) {
                out("LOST " + peer + " " + ms(t0));
            }
        };
        MdnsDiscovery mdns = new MdnsDiscovery(settings);
        t0 = System.nanoTime();
        mdns.start(me.context(sink)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        mdns.announceSelf(PeerInfo.discovered(me.peerId(), List.<Multiaddr>of(), DiscoveryType.MANUAL));
        out("READY " + me.peerId() + " " + ms(t0));
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(10).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.exit(3);
        }, "probe-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.trim()) {
                case "status" -> out("STATUS " + mdns.status().toString().replace('\n', '|'));
                case "stop" -> {
                    long s = System.nanoTime();
                    mdns.deactivate();
                    // JmDNS's timer threads end a moment after their cancel; wait for them, bounded
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    List<String> left = mdnsThreads();
                    while (!left.isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                        left = mdnsThreads();
                    }
                    out("STOPPED threads=" + left.size() + " ms=" + ms(s) + " " + left);
                }
                case "exit" -> {
                    mdns.deactivate();
                    System.exit(0);
                }
                default -> out("UNKNOWN " + line);
            }
        }
        mdns.deactivate();
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    static synchronized void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Threads of ours or of JmDNS that are still alive. */
    private static List<String> mdnsThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("olocus-") || n.contains("JmDNS") || n.contains("SocketListener"))
                .toList();
    }
}
