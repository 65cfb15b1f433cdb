package org.olocus.discovery.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.testsupport.ChildProcess;
import org.olocus.discovery.testsupport.Fixtures;
import org.olocus.discovery.testsupport.Namespaces;

/**
 * Avahi (the Linux system mDNS daemon) in one namespace, our node in the other. Avahi publishes a good olocus
 * service, one without peer_id and one with a bad peer_id: we find the good one with the right id and address and
 * count the two others. The other way: avahi-browse sees our service and its TXT, and sees it leave when our
 * mechanism stops.
 */
class AvahiNamespaceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void prerequisites() {
        Fixtures.require("mDNS namespace tests", ".ci/setup-mdns.sh", Assumptions::abort, "root", "ip", "avahi-daemon",
                "avahi-browse", "dbus-daemon");
    }

    private static void service(Path dir, String file, String name, String... txt) throws Exception {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" standalone='no'?>\n"
                + "<!DOCTYPE service-group SYSTEM \"avahi-service.dtd\">\n<service-group>\n  <name>" + name
                + "</name>\n  <service>\n    <type>_olocus._tcp</type>\n    <port>8000</port>\n");
        for (String t : txt) {
            b.append("    <txt-record>").append(t).append("</txt-record>\n");
        }
        b.append("  </service>\n</service-group>\n");
        Files.createDirectories(dir.resolve("services"));
        Files.writeString(dir.resolve("services").resolve(file), b.toString());
    }

    @Test
    void weFindAvahiAndAvahiFindsUs(@TempDir Path tmp) throws Exception {
        PeerId avahiPeer = TestIdentity.idOf(21);
        PeerId ours = TestIdentity.idOf(22);
        Path dir = tmp.resolve("avahi");
        service(dir, "good.service", "avahi-node", "peer_id=" + avahiPeer, "protocol=olocus/1.0.0");
        service(dir, "noid.service", "no-id-node", "protocol=olocus/1.0.0");
        service(dir, "badid.service", "bad-id-node", "peer_id=12D3KooWthisIsNot0Base58", "protocol=olocus/1.0.0");
        try (Namespaces ns = new Namespaces()) {
            String x = ns.create("x");
            String y = ns.create("y");
            String ifX = ns.ifName("x");
            ns.link(x, ifX, "10.231.3.1/24", y, ns.ifName("y"), "10.231.3.2/24");
            ChildProcess avahi = ns.avahi(x, dir, ifX);
            avahi.awaitOrFail(l -> l.equals("READY"), WAIT, "avahi READY");
            ChildProcess browse = ns.avahiBrowse(x, dir, "_olocus._tcp");

            ChildProcess probe = MdnsProbeMain.start(ns, y, 22);
            String found = probe.awaitOrFail(l -> l.startsWith("FOUND " + avahiPeer) && l.contains(
                    "/ip4/10.231.3.1/tcp/8000"), WAIT, "the Avahi service");
            assertTrue(found.contains("/ip4/10.231.3.1/tcp/8000"), found);

            // Avahi sees our service, resolved, with our TXT.
            String seen = browse.awaitOrFail(l -> l.startsWith("=") && l.contains(ours.toString())
                    && l.contains("IPv4") && l.contains("\"peer_id=" + ours + "\""), WAIT, "our resolved service");
            assertTrue(seen.contains("\"protocol=olocus/1.0.0\"") && seen.contains("10.231.3.2"), seen);

            // The two malformed Avahi services were ignored and counted.
            java.util.function.Predicate<String> counted = l -> l.startsWith("STATUS")
                    && l.matches(".*NO_ID=[1-9].*") && l.matches(".*BAD_ID=[1-9].*");
            String status = null;
            for (int i = 0; i < 20 && status == null; i++) {
                probe.send("status");
                status = probe.await(counted, Duration.ofSeconds(1)).orElse(null);
            }
            assertTrue(status != null, "the malformed services were not counted: " + probe.snapshot());
            assertTrue(status.matches(".*NO_ID=[1-9].*") && status.matches(".*BAD_ID=[1-9].*"), status);
            assertTrue(probe.snapshot().stream().filter(l -> l.startsWith("FOUND"))
                    .allMatch(l -> l.startsWith("FOUND " + avahiPeer)), "only the good service became a peer");

            // Stopping our mechanism (what bundle uninstall does) sends goodbyes Avahi acts on.
            probe.send("stop");
            probe.awaitOrFail(l -> l.startsWith("STOPPED threads=0 "), WAIT, "STOPPED with no threads left");
            browse.awaitOrFail(l -> l.startsWith("-") && l.contains(ours.toString()), Duration.ofSeconds(5),
                    "our service leaving");
        }
    }
}
