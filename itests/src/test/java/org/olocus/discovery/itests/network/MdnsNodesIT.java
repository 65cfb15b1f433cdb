package org.olocus.discovery.itests.network;

import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.BeforeClass;
import org.junit.Test;
import org.olocus.discovery.itests.distribution.NodeProcess;

/**
 * Issue #11 over mDNS: two packaged nodes with the default configuration (nothing in {@code etc/} touched; the
 * launcher makes their homes), each in its own network namespace, on one veth link (10.231.21.0/24, with the
 * multicast route a namespace lacks). Each finds the other through mDNS, dials it, and the handshake proves its
 * id: both stores show the other CONNECTED and {@code proven=}, within 5 s of the second node's ready line.
 * {@code -Dolocus.e2e.runs=N} repeats it and prints p50/p95 of that time and the nodes' dial counters.
 */
public class MdnsNodesIT {
    private static final long WAIT = 30_000;
    private static final long TARGET = 5_000;

    @BeforeClass
    public static void fixtures() {
        NodeNetwork.require("the mDNS network tests", "root", "ip");
    }

    @Test
    public void twoDefaultNodesFindConnectAndProveEachOtherOverMdns() throws Exception {
        Figures figures = new Figures("mDNS, two default nodes on one link");
        List<String> late = new ArrayList<>();
        for (int run = 1; run <= Figures.runs(); run++) {
            try (NodeNetwork net = new NodeNetwork("mdns-" + run)) {
                String a = net.ns.create("a");
                String b = net.ns.create("b");
                net.ns.link(a, net.ns.ifName("a"), "10.231.21.1/24", b, net.ns.ifName("b"), "10.231.21.2/24");
                NodeProcess nodeA = net.node(a, "a");
                NodeProcess nodeB = net.node(b, "b");
                nodeA.start(NodeNetwork.READY_WAIT);
                nodeB.start(NodeNetwork.READY_WAIT);

                Handshakes.Result r = Handshakes.await(nodeB.readyAtMillis(), WAIT,
                        new Handshakes.Side(nodeA, nodeB.peerId()), new Handshakes.Side(nodeB, nodeA.peerId()));
                figures.add(r);
                figures.counters("a", nodeA.exec("discovery:status").output());
                figures.counters("b", nodeB.exec("discovery:status").output());
                if (r.millis() > TARGET) {
                    late.add("run " + run + ": " + r);
                }
            }
        }
        figures.print();
        assertTrue("both ends CONNECTED and proven later than " + TARGET + " ms after the second node's ready line"
                + " (the issue's bound) in " + late, late.isEmpty());
    }
}
