package org.olocus.discovery.itests.network;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.BeforeClass;
import org.junit.Test;
import org.olocus.discovery.itests.distribution.NodeProcess;
import org.olocus.discovery.testsupport.ChildProcess;

/**
 * Issue #11 with a js-libp2p node: the mdns-bundle's js fixture (js-libp2p 3 with {@code @libp2p/mdns}, Node 22 from
 * its node_modules) in one namespace, our packaged node with the default configuration in the other, on one veth
 * link (10.231.23.0/24). Our node finds it through libp2p's {@code _p2p._udp} service and they end connected both
 * ways: our store shows the js peer CONNECTED and {@code proven=}, and the js node reports our peer connected
 * ({@code peer:connect}, and its {@code connections} command lists us). Repeatable with {@code -Dolocus.e2e.runs=N}.
 */
public class JsLibp2pNodeIT {
    private static final long WAIT = 30_000;
    private static final Path FIXTURE = Path.of(System.getProperty("olocus.itests.jsMdnsFixture",
            "../mdns-bundle/src/test/resources/js-fixture")).toAbsolutePath().normalize();
    private static final String NODE = FIXTURE.resolve("node_modules/.bin/node").toString();

    @BeforeClass
    public static void fixtures() {
        NodeNetwork.require("the js-libp2p network tests", "root", "ip", NODE);
    }

    @Test
    public void jsLibp2pNodeAndOursEndConnectedBothWays() throws Exception {
        Figures figures = new Figures("js-libp2p (@libp2p/mdns) and our default node on one link");
        for (int run = 1; run <= Figures.runs(); run++) {
            try (NodeNetwork net = new NodeNetwork("js-" + run)) {
                String x = net.ns.create("x");
                String y = net.ns.create("y");
                net.ns.link(x, net.ns.ifName("x"), "10.231.23.1/24", y, net.ns.ifName("y"), "10.231.23.2/24");
                ChildProcess js = net.ns.start(x, "js", List.of(NODE, FIXTURE.resolve("mdns-node.mjs").toString(),
                        "9", "/ip4/10.231.23.1/tcp/4001"));
                String jsId = js.awaitOrFail(l -> l.startsWith("SELF "), Duration.ofSeconds(30), "the js node's id")
                        .split(" ")[1];

                NodeProcess ours = net.node(y, "ours");
                ours.start(NodeNetwork.READY_WAIT);
                String ourId = ours.peerId();
                long t0 = ours.readyAtMillis();

                Handshakes.Result r = Handshakes.await(t0, WAIT, new Handshakes.Side(ours, jsId));
                String connected = js.awaitOrFail(l -> l.equals("CONNECTED " + ourId),
                        Duration.ofMillis(Math.max(1, t0 + WAIT - System.currentTimeMillis())),
                        "peer:connect of our node at the js node");
                r = r.including(t0, js.arrivalOf(connected));
                js.send("connections");
                js.awaitOrFail(l -> l.startsWith("CONNECTIONS ") && l.contains(ourId), Duration.ofSeconds(5),
                        "our node among the js node's open connections");
                figures.add(r);
                figures.counters("ours", ours.exec("discovery:status").output());
            }
        }
        figures.print();
    }
}
