package org.olocus.discovery.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.testsupport.ChildProcess;
import org.olocus.discovery.testsupport.Fixtures;
import org.olocus.discovery.testsupport.Namespaces;

/**
 * Three of our nodes in three namespaces: B is multi-homed (link 1 to A, link 2 to C). A and C each find B with
 * only the address of their own link, B finds both, A and C never see each other. C's link is made after the
 * nodes started, so B picks up a new interface without a restart. Stopping C sends goodbyes: B loses it, and
 * C's threads are gone.
 */
class JavaToJavaNamespaceTest {
    private static final Duration FIND = Duration.ofSeconds(15);

    @BeforeAll
    static void prerequisites() {
        Fixtures.require("mDNS namespace tests", ".ci/setup-mdns.sh", Assumptions::abort, "root", "ip");
    }

    @Test
    void multiHomedNodesFindEachOtherOnTheRightLinksAndSayGoodbye() throws Exception {
        try (Namespaces ns = new Namespaces()) {
            String a = ns.create("a");
            String b = ns.create("b");
            String c = ns.create("c");
            ns.link(a, ns.ifName("a1"), "10.231.1.1/24", b, ns.ifName("b1"), "10.231.1.2/24");
            PeerId idA = TestIdentity.idOf(11);
            PeerId idB = TestIdentity.idOf(12);
            PeerId idC = TestIdentity.idOf(13);
            ChildProcess pa = MdnsProbeMain.start(ns, a, 11);
            ChildProcess pb = MdnsProbeMain.start(ns, b, 12);
            ChildProcess pc = MdnsProbeMain.start(ns, c, 13);
            for (ChildProcess p : new ChildProcess[] {pa, pb, pc}) {
                p.awaitOrFail(l -> l.startsWith("READY"), FIND, "READY");
            }
            // Link 2 appears while everything runs: B and C must pick it up by themselves.
            ns.link(b, ns.ifName("b2"), "10.231.2.2/24", c, ns.ifName("c2"), "10.231.2.3/24");

            String aSeesB = pa.awaitOrFail(l -> l.startsWith("FOUND " + idB) && l.contains("10.231.1.2"), FIND,
                    "B on link 1");
            String cSeesB = pc.awaitOrFail(l -> l.startsWith("FOUND " + idB) && l.contains("10.231.2.2"), FIND,
                    "B on link 2");
            pb.awaitOrFail(l -> l.startsWith("FOUND " + idA), FIND, "A");
            pb.awaitOrFail(l -> l.startsWith("FOUND " + idC), FIND, "C");
            Thread.sleep(2000);
            assertTrue(pa.snapshot().stream().filter(l -> l.startsWith("FOUND " + idB))
                    .noneMatch(l -> l.contains("10.231.2.")), "A was told B's address on link 2: " + aSeesB);
            assertTrue(pc.snapshot().stream().filter(l -> l.startsWith("FOUND " + idB))
                    .noneMatch(l -> l.contains("10.231.1.")), "C was told B's address on link 1: " + cSeesB);
            assertFalse(pa.snapshot().stream().anyMatch(l -> l.contains(idC.toString())), "A saw C across B");

            pc.send("stop");
            String stopped = pc.awaitOrFail(l -> l.startsWith("STOPPED"), FIND, "STOPPED");
            assertTrue(stopped.startsWith("STOPPED threads=0 "), stopped);
            pb.awaitOrFail(l -> l.startsWith("LOST " + idC), Duration.ofSeconds(5), "goodbye of C");

            pb.send("status");
            String status = pb.awaitOrFail(l -> l.startsWith("STATUS"), FIND, "STATUS");
            assertTrue(status.contains("BAD_ID=0"), status);
            assertEquals(-1, status.indexOf("FAILED"), status);
        }
    }
}
