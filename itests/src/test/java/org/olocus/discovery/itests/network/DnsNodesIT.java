package org.olocus.discovery.itests.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.BeforeClass;
import org.junit.Test;
import org.olocus.discovery.itests.distribution.NodeProcess;
import org.olocus.discovery.testsupport.KnotServer;
import org.olocus.discovery.testsupport.SeededIdentity;

/**
 * Issue #11 over DNS alone: three namespaces on one bridged link (10.231.22.0/24) — two packaged nodes and a Knot
 * server (10.231.22.53, port 53) whose zone {@code olocus.test} lists both nodes as the dns bundle reads them (SRV
 * {@code _olocus._tcp.olocus.test} → {@code node-a}/{@code node-b} port 4001, their A records, TXT
 * {@code _olocus-peer.<target>} with {@code peer_id=} and {@code addr=}). The nodes keep the default configuration
 * except {@code domains}/{@code resolvers} pointing at that server, and the mDNS bundle removed from {@code deploy/},
 * so DNS alone finds the peers; their identities are written beforehand so the zone can name them. Both stores
 * must end with the other CONNECTED and {@code proven=}. Repeatable with {@code -Dolocus.e2e.runs=N}.
 */
public class DnsNodesIT {
    private static final long WAIT = 30_000;
    private static final String ZONE = "olocus.test";
    private static final String DNS_SERVER = "10.231.22.53";

    @BeforeClass
    public static void fixtures() {
        String[] needs = {"root", "ip", KnotServer.TOOLS[0], KnotServer.TOOLS[1], KnotServer.TOOLS[2]};
        NodeNetwork.require("the DNS network tests", needs);
    }

    @Test
    public void twoNodesFindConnectAndProveEachOtherThroughDnsAlone() throws Exception {
        Figures figures = new Figures("DNS (Knot on the link), two nodes without mDNS");
        SeededIdentity idA = SeededIdentity.of(2201);
        SeededIdentity idB = SeededIdentity.of(2202);
        for (int run = 1; run <= Figures.runs(); run++) {
            try (NodeNetwork net = new NodeNetwork("dns-" + run)) {
                String hub = net.ns.bridge("h");
                String a = net.ns.create("a");
                String b = net.ns.create("b");
                String d = net.ns.create("d");
                net.ns.attach(hub, a, net.ns.ifName("a"), "10.231.22.1/24");
                net.ns.attach(hub, b, net.ns.ifName("b"), "10.231.22.2/24");
                net.ns.attach(hub, d, net.ns.ifName("d"), DNS_SERVER + "/24");
                net.ns.track(KnotServer.startIn(d, DNS_SERVER, 53, Map.of(ZONE, zone(idA, idB)), Optional.empty()));

                NodeProcess nodeA = dnsOnlyNode(net, a, "a", idA);
                NodeProcess nodeB = dnsOnlyNode(net, b, "b", idB);
                nodeA.start(NodeNetwork.READY_WAIT);
                nodeB.start(NodeNetwork.READY_WAIT);
                assertEquals(idA.peerId().toString(), nodeA.peerId());
                assertEquals(idB.peerId().toString(), nodeB.peerId());
                String mechanisms = nodeA.exec("discovery:mechanisms").output();
                assertFalse("mDNS is not deployed: " + mechanisms, mechanisms.contains("mdns"));

                Handshakes.Result r = Handshakes.await(nodeB.readyAtMillis(), WAIT,
                        new Handshakes.Side(nodeA, nodeB.peerId()), new Handshakes.Side(nodeB, nodeA.peerId()));
                figures.add(r);
                figures.counters("a", nodeA.exec("discovery:status").output());
                figures.counters("b", nodeB.exec("discovery:status").output());
            }
        }
        figures.print();
    }

    /** A node with the default configuration, DNS pointed at our server, no mDNS bundle, and a known identity. */
    private static NodeProcess dnsOnlyNode(NodeNetwork net, String namespace, String name, SeededIdentity id)
            throws Exception {
        NodeProcess node = net.node(namespace, name);
        node.copyDefaults();
        try (var jars = Files.list(node.home().resolve("deploy"))) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("mdns-bundle")).toList()) {
                Files.delete(jar);
            }
        }
        Files.writeString(node.home().resolve("etc/org.olocus.discovery.dns.cfg"),
                "domains = " + ZONE + "\nresolvers = " + DNS_SERVER + "\n");
        id.writeKeyFile(node.home().resolve("data/identity.key"));
        return node;
    }

    private static String zone(SeededIdentity a, SeededIdentity b) {
        StringBuilder z = new StringBuilder("$ORIGIN " + ZONE + ".\n$TTL 60\n@ SOA ns hostmaster 1 3600 600 86400 5\n"
                + "@ NS ns\nns A " + DNS_SERVER + "\n");
        String[][] nodes = {{"node-a", "10.231.22.1", a.peerId().toString()}, {"node-b", "10.231.22.2",
                b.peerId().toString()}};
        for (String[] n : nodes) {
            z.append("_olocus._tcp SRV 10 10 4001 ").append(n[0]).append('\n');
            z.append(n[0]).append(" A ").append(n[1]).append('\n');
            z.append("_olocus-peer.").append(n[0]).append(" TXT \"peer_id=").append(n[2]).append("\" \"addr=/ip4/")
                    .append(n[1]).append("/tcp/4001\"\n");
        }
        return z.toString();
    }
}
