package org.olocus.discovery.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.testsupport.ChildProcess;
import org.olocus.discovery.testsupport.Fixtures;
import org.olocus.discovery.testsupport.Namespaces;

/**
 * A js-libp2p node with {@code @libp2p/mdns} in one namespace, ours in the other: we find its peer id through
 * libp2p's {@code _p2p._udp} service, and its {@code peer:discovery} event reports our id.
 */
class JsLibp2pNamespaceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path JS_FIXTURE = Path.of(System.getProperty("olocus.mdns.fixture", "src/test/resources"))
            .resolve("js-fixture").toAbsolutePath();
    private static final String NODE = JS_FIXTURE.resolve("node_modules/.bin/node").toString();

    @BeforeAll
    static void prerequisites() {
        Fixtures.require("mDNS namespace tests", ".ci/setup-mdns.sh", Assumptions::abort, "root", "ip", NODE);
    }

    @Test
    void jsLibp2pAndWeFindEachOther() throws Exception {
        PeerId ours = TestIdentity.idOf(31);
        try (Namespaces ns = new Namespaces()) {
            String x = ns.create("x");
            String y = ns.create("y");
            ns.link(x, ns.ifName("x"), "10.231.4.1/24", y, ns.ifName("y"), "10.231.4.2/24");
            ChildProcess js = ns.start(x, "js", List.of(NODE, JS_FIXTURE.resolve("mdns-node.mjs").toString(), "7",
                    "/ip4/10.231.4.1/tcp/4001"));
            String self = js.awaitOrFail(l -> l.startsWith("SELF "), WAIT, "the js node's id");
            String jsId = self.split(" ")[1];

            ChildProcess probe = MdnsProbeMain.start(ns, y, 31);
            String found = probe.awaitOrFail(l -> l.startsWith("FOUND " + jsId), WAIT, "the js node");
            assertTrue(found.contains("/ip4/10.231.4.1/tcp/4001"), found);

            String discovered = js.awaitOrFail(l -> l.startsWith("DISCOVERED " + ours), WAIT, "our id at the js node");
            assertTrue(discovered.contains("/ip4/10.231.4.2/tcp/8000"), discovered);
        }
    }
}
