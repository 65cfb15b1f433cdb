package org.olocus.discovery.itests.network;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.Assume;
import org.olocus.discovery.itests.OlocusOptions;
import org.olocus.discovery.itests.distribution.NodeProcess;
import org.olocus.discovery.testsupport.Fixtures;
import org.olocus.discovery.testsupport.Namespaces;

/**
 * One run of a network scenario: the namespaces it makes (named {@code oli…}) and the packaged nodes it starts in
 * them, with homes under {@code target/network/}. {@link #close} stops every node and process, then removes the
 * namespaces, also when the test failed.
 */
final class NodeNetwork implements AutoCloseable {
    static final long READY_WAIT = 90_000;
    static final String ENABLE = "bash .ci/run (its .ci/setup-*.sh scripts install the fixtures)";

    final Namespaces ns = new Namespaces("oli");
    private final Path homes;

    NodeNetwork(String run) throws IOException {
        homes = Files.createDirectories(OlocusOptions.target().resolve("network").resolve(run + "-" + System.nanoTime()));
    }

    /** JUnit 4 form of {@link Fixtures#require}: fails with CI=true, skips loudly otherwise. */
    static void require(String what, String... needs) {
        Fixtures.require(what, ENABLE, msg -> Assume.assumeTrue(msg, false), needs);
    }

    /** The packaged node ({@code olocus.itests.distribution}), which the reactor builds before this module. */
    static Path distribution() {
        Path distribution = Path.of(System.getProperty("olocus.itests.distribution"));
        assertTrue("the distribution is packaged at " + distribution,
                Files.isExecutable(distribution.resolve("bin/olocus")));
        return distribution;
    }

    /**
     * A packaged node to run in namespace {@code namespace}, home {@code <run>/<name>} (not created: the launcher
     * makes it from the defaults unless the test prepares it). Stopped by {@link #close}.
     */
    NodeProcess node(String namespace, String name) {
        return ns.track(NodeProcess.inNamespace(distribution(), homes.resolve(name), Namespaces.exec(namespace)));
    }

    /** Starts nodes at the same time (2 cores: each takes a few seconds); returns when every one is ready. */
    static void startAll(NodeProcess... nodes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.length);
        try {
            List<Future<String>> started = new ArrayList<>();
            for (NodeProcess n : nodes) {
                started.add(pool.submit(() -> n.start(READY_WAIT)));
            }
            for (Future<String> f : started) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    Path homes() {
        return homes;
    }

    @Override
    public void close() {
        ns.close();
    }
}
