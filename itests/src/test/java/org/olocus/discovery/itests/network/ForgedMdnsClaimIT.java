package org.olocus.discovery.itests.network;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.BeforeClass;
import org.junit.Test;
import org.olocus.discovery.itests.distribution.NodeProcess;
import org.olocus.discovery.testsupport.ChildProcess;

/**
 * A forged mDNS advertisement: four namespaces on one bridged link (10.231.24.0/24) — packaged nodes A (.1), B (.2)
 * and C (.3) with the default configuration, and Avahi (.9) publishing a static {@code _olocus._tcp} service whose
 * TXT {@code peer_id} claims A's id while its SRV (host {@code forged-c.local}, an Avahi static host with C's
 * address) and its {@code addr=} point at C's address and port. A, B and C start first and B proves A and C; then
 * Avahi starts lying. From then on B must never store A's id with C's address (the coordinator holds new addresses
 * of a proven peer back until a dial verified them); C stays CONNECTED and {@code proven=} in B's store; and B's
 * {@code discovery:status} must count the lie: the mdns mechanism's {@code false_claims} above 0.
 *
 * <p>(A claim about an id B has never proven is stored as that — unproven — until the dialler's handshake settles
 * it, a few milliseconds on a link; this test checks the stronger promise about known peers.)
 */
public class ForgedMdnsClaimIT {
    private static final long WAIT = 30_000;
    /** How long B is still watched once everything expected happened (later rounds, re-announcements). */
    private static final long AFTERWARDS = 4_000;
    private static final String C_ADDRESS = "10.231.24.3";

    @BeforeClass
    public static void fixtures() {
        NodeNetwork.require("the forged mDNS advertisement test", "root", "ip", "avahi-daemon", "dbus-daemon");
    }

    @Test
    public void aForgedClaimNeverBindsAnotherPeersIdToTheAddressItPointsAt() throws Exception {
        try (NodeNetwork net = new NodeNetwork("forged")) {
            String hub = net.ns.bridge("h");
            String a = net.ns.create("a");
            String b = net.ns.create("b");
            String c = net.ns.create("c");
            String f = net.ns.create("f");
            net.ns.attach(hub, a, net.ns.ifName("a"), "10.231.24.1/24");
            net.ns.attach(hub, b, net.ns.ifName("b"), "10.231.24.2/24");
            net.ns.attach(hub, c, net.ns.ifName("c"), C_ADDRESS + "/24");
            net.ns.attach(hub, f, net.ns.ifName("f"), "10.231.24.9/24");

            NodeProcess nodeA = net.node(a, "a");
            NodeProcess nodeB = net.node(b, "b");
            NodeProcess nodeC = net.node(c, "c");
            NodeNetwork.startAll(nodeA, nodeB, nodeC);
            String idA = nodeA.peerId();
            String idC = nodeC.peerId();
            for (String id : new String[] {idA, idC}) {
                nodeB.awaitExec(WAIT, "discovery:peer " + id, out -> new PeerView(out.strip()).connectedAndProven());
            }

            Path avahiDir = net.homes().resolve("avahi");
            forgedService(avahiDir, idA);
            ChildProcess avahi = net.ns.avahi(f, avahiDir, net.ns.ifName("f"));
            avahi.awaitOrFail(l -> l.equals("READY"), Duration.ofSeconds(20), "avahi READY");

            Set<String> violations = new LinkedHashSet<>();
            long end = System.currentTimeMillis() + WAIT; // moved closer once everything expected happened
            boolean cProven = false;
            long falseClaims = -1;
            String peers = "";
            String status = "";
            boolean done = false;
            long nextQuery = 0;
            while (System.currentTimeMillis() < end) {
                if (falseClaims <= 0 && System.currentTimeMillis() >= nextQuery) {
                    // Avahi's unsolicited announcement is one multicast burst: so that the test does not hinge on
                    // one packet, B also asks, as an operator would with mdns:announce (re-sends and re-queries).
                    nodeB.exec("mdns:announce");
                    nextQuery = System.currentTimeMillis() + 5_000;
                }
                peers = nodeB.exec("discovery:peers").output();
                for (String line : peers.split("\n")) {
                    if (line.startsWith(idA) && line.contains(C_ADDRESS)) {
                        violations.add(line);
                    }
                }
                cProven = line(peers, idC).map(l -> new PeerView(l).connectedAndProven()).orElse(false);
                status = nodeB.exec("discovery:status").output();
                falseClaims = PeerView.falseClaims(status, "mdns");
                if (cProven && falseClaims > 0 && !done) {
                    done = true;
                    end = Math.min(end, System.currentTimeMillis() + AFTERWARDS);
                }
                Thread.sleep(300);
            }
            String context = "\nB's discovery:peers:\n" + peers + "\nB's discovery:status:\n" + status
                    + "\nB's mdns:services:\n" + nodeB.exec("mdns:services").output() + "\nB's log (last 30 lines):\n"
                    + nodeB.logTail(30);
            assertTrue("B stored A's id " + idA + " with C's address " + C_ADDRESS + ": " + violations + context,
                    violations.isEmpty());
            assertTrue("C's id " + idC + " never ended CONNECTED and proven in B's store" + context, cProven);
            assertTrue("B's mdns mechanism shows false_claims=" + falseClaims + " (-1: no such counter), expected > 0"
                    + context, falseClaims > 0);
        }
    }

    /** Avahi's static service claiming A's id at C's address and port, and the static host naming C's address. */
    private static void forgedService(Path dir, String claimedId) throws Exception {
        Files.createDirectories(dir.resolve("services"));
        Files.writeString(dir.resolve("hosts"), C_ADDRESS + " forged-c.local\n");
        Files.writeString(dir.resolve("services/forged.service"), """
                <?xml version="1.0" standalone='no'?>
                <!DOCTYPE service-group SYSTEM "avahi-service.dtd">
                <service-group>
                  <name>forged-a</name>
                  <service>
                    <type>_olocus._tcp</type>
                    <host-name>forged-c.local</host-name>
                    <port>4001</port>
                    <txt-record>peer_id=%s</txt-record>
                    <txt-record>addr=/ip4/%s/tcp/4001</txt-record>
                    <txt-record>protocol=olocus/1.0.0</txt-record>
                  </service>
                </service-group>
                """.formatted(claimedId, C_ADDRESS));
    }

    private static Optional<String> line(String peers, String id) {
        for (String l : peers.split("\n")) {
            if (l.startsWith(id)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
