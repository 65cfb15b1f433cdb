package org.olocus.discovery.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.features.KarafClient.Result;

/**
 * Our features repository in a real Apache Karaf 4.4.7 (the tar.gz from Maven Central, unpacked by the build):
 * {@code feature:repo-add}, {@code feature:install}, {@code discovery:status} through {@code bin/client},
 * {@code feature:uninstall} leaving no bundle of ours behind, a reinstall that finds the same identity and the
 * peers of the persistent store again, and each mechanism feature installed and uninstalled on its own while the
 * node runs. Each test leaves olocus-discovery installed and no mechanism, so their order does not matter.
 */
class KarafFeaturesIT {
    private static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
    private static final String REPOSITORY = "mvn:org.olocus.discovery/features/" + VERSION + "/xml/features";
    /** The Ed25519 peer id of the libp2p peer-id spec's example key: a real id, not one we made up. */
    private static final String SPEC_PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    private static final String SPEC_PEER_ADDRESS = "/ip4/127.0.0.1/tcp/4001";
    private static final Pattern IDENTITY =
            Pattern.compile("^identity\\s+(12D3KooW[1-9A-HJ-NP-Za-km-z]{40,})\\s*$", Pattern.MULTILINE);
    private static final Pattern PEERS = Pattern.compile("^peers\\s+(\\d+)\\b", Pattern.MULTILINE);
    /** A row of bundle:list -s whose symbolic name (the last column) is one of ours. */
    private static final Pattern OUR_BUNDLE = Pattern.compile(".*\\|\\s*org\\.olocus\\.discovery\\.\\S+\\s*");
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration COMMANDS_TIMEOUT = Duration.ofSeconds(30);

    private static KarafInstance karaf;
    private static KarafClient shell;

    @BeforeAll
    static void startKarafAndAddOurRepository() throws Exception {
        Path work = Path.of(required("olocus.features.work"));
        karaf = KarafInstance.prepare(Path.of(required("olocus.features.karafHome")), work.resolve("karaf"),
                Path.of(required("olocus.features.repo")));
        long start = System.nanoTime();
        karaf.start();
        shell = karaf.client();
        // kar is the last boot feature: once it is Started, the shell and feature: commands are all there
        Result boot = shell.await("feature:list -i", BOOT_TIMEOUT, r -> r.ok() && installed(r, "kar"));
        assertTrue(boot.ok() && installed(boot, "kar"), "Karaf (pid " + karaf.pid() + ") did not finish booting within "
                + BOOT_TIMEOUT.toSeconds() + " s: " + boot + "\n" + karaf.logTail(40));
        System.err.printf("Karaf booted in %d ms at %s%n", (System.nanoTime() - start) / 1_000_000, karaf.home());

        Result added = shell.run("feature:repo-add " + REPOSITORY + " ; feature:list");
        assertTrue(added.ok(), added.toString());
        for (String feature : List.of("olocus-discovery", "olocus-dns", "olocus-mdns", "olocus-transport")) {
            assertTrue(listed(added, feature), "our repository has no " + feature + ": " + added);
        }
    }

    @AfterAll
    static void stopKaraf() {
        if (karaf != null) {
            karaf.close();
            assertFalse(karaf.isAlive(), "Karaf pid " + karaf.pid() + " still running after bin/stop and kill");
        }
    }

    @Test
    void discoveryFeatureInstallsUninstallsAndReinstallsAtRuntime() throws Exception {
        install("olocus-discovery");
        Result status = awaitStatus();
        String identity = identityIn(status);
        assertTrue(status.output().contains("type=persistent"), "the configured MVStore store is not used: " + status);
        assertTrue(status.output().contains("olocus/data/peers.mv"), "store file not where its .cfg says: " + status);
        int peers = peerCount(status);

        Result added = shell.value("discovery:add " + SPEC_PEER_ADDRESS + "/p2p/" + SPEC_PEER);
        assertTrue(added.ok() && added.output().contains(SPEC_PEER), added.toString());
        assertEquals(peers + 1, peerCount(shell.value("discovery:status")), "the added peer is not stored");

        Result left = uninstall("olocus-discovery");
        assertFalse(left.output().lines().anyMatch(line -> OUR_BUNDLE.matcher(line).matches()),
                "a bundle of ours is left: " + left);
        assertFalse(bundlePresent(left, "com.h2database.mvstore"), "h2-mvstore is left: " + left);
        Result gone = shell.value("discovery:status");
        assertFalse(gone.ok(), "discovery:status still works after the uninstall: " + gone);
        assertTrue(gone.output().contains("Command not found"), gone.toString());

        install("olocus-discovery");
        Result again = awaitStatus();
        assertEquals(identity, identityIn(again), "the node identity changed across uninstall and install");
        assertEquals(peers + 1, peerCount(again), "the persistent store lost peers across uninstall and install");
        Result peer = shell.value("discovery:peer " + SPEC_PEER);
        assertTrue(peer.ok() && peer.output().contains(SPEC_PEER_ADDRESS), "the stored peer is gone: " + peer);
    }

    @Test
    void dnsFeatureInstallsAndUninstallsOnItsOwn() throws Exception {
        assertMechanismFeatureComesAndGoes("olocus-dns", "dns", "dns:status",
                List.of("org.olocus.discovery.dns", "org.xbill.dns"));
    }

    @Test
    void mdnsFeatureInstallsAndUninstallsOnItsOwn() throws Exception {
        assertMechanismFeatureComesAndGoes("olocus-mdns", "mdns", "mdns:status",
                List.of("org.olocus.discovery.mdns"));
    }

    @Test
    void transportFeatureInstallsAndUninstallsOnItsOwn() throws Exception {
        install("olocus-discovery");
        String identity = identityIn(awaitStatus());
        for (int round = 1; round <= 2; round++) {
            install("olocus-transport");
            Result id = shell.await(KarafClient.printed("net:id"), COMMANDS_TIMEOUT,
                    r -> r.ok() && r.output().contains("/ip4/127.0.0.1/tcp/"));
            assertTrue(id.ok() && id.output().contains("/ip4/127.0.0.1/tcp/") && id.output().contains(identity),
                    "round " + round + ": net:id does not show the host on loopback with our id: " + id + "\n"
                            + karaf.logTail(20));
            Result left = uninstall("olocus-transport");
            for (String bundle : List.of("org.olocus.discovery.transport", "io.netty.transport",
                    "com.google.protobuf")) {
                assertFalse(bundlePresent(left, bundle), "round " + round + ": " + bundle + " is left: " + left);
            }
            assertTrue(bundlePresent(left, "org.olocus.discovery.coordinator"),
                    "round " + round + ": uninstalling olocus-transport took the coordinator with it: " + left);
            Result gone = shell.value("net:id");
            assertFalse(gone.ok(), "round " + round + ": net:id still works after the uninstall: " + gone);
            assertEquals(identity, identityIn(awaitStatus()), "round " + round + ": the node identity changed");
        }
    }

    /**
     * Installs a mechanism's feature next to a running olocus-discovery (installed in its own right, so it stays),
     * twice: the coordinator runs the mechanism and its commands answer; after the uninstall its bundles are gone,
     * the coordinator has dropped it, and the node keeps its identity.
     */
    private static void assertMechanismFeatureComesAndGoes(String feature, String mechanism, String ownCommand,
                                                           List<String> bundles) throws Exception {
        install("olocus-discovery");
        String identity = identityIn(awaitStatus());
        Pattern running = Pattern.compile("^\\s+" + Pattern.quote(mechanism) + "\\s", Pattern.MULTILINE);
        for (int round = 1; round <= 2; round++) {
            install(feature);
            String both = KarafClient.printed("discovery:status") + " ; " + KarafClient.printed(ownCommand);
            Result status = shell.await(both, COMMANDS_TIMEOUT, r -> r.ok() && running.matcher(r.output()).find());
            assertTrue(status.ok() && running.matcher(status.output()).find(),
                    "round " + round + ": the coordinator does not run " + mechanism + " or " + ownCommand
                            + " fails: " + status + "\n" + karaf.logTail(20));

            Result left = uninstall(feature);
            for (String bundle : bundles) {
                assertFalse(bundlePresent(left, bundle), "round " + round + ": " + bundle + " is left: " + left);
            }
            assertTrue(bundlePresent(left, "org.olocus.discovery.coordinator"),
                    "round " + round + ": uninstalling " + feature + " took the coordinator with it: " + left);
            Result after = awaitStatus();
            assertEquals(identity, identityIn(after), "round " + round + ": the node identity changed");
            assertFalse(running.matcher(after.output()).find(),
                    "round " + round + ": the coordinator still lists " + mechanism + ": " + after);
        }
    }

    /** feature:install, then checks feature:list -i (one client call). */
    private static void install(String feature) throws Exception {
        Result r = shell.run("feature:install " + feature + " ; feature:list -i");
        assertTrue(r.ok() && installed(r, feature), feature + " did not install: " + r + "\n" + karaf.logTail(30));
    }

    /** feature:uninstall, then checks feature:list -i; returns the output, which ends with bundle:list -s. */
    private static Result uninstall(String feature) throws Exception {
        Result r = shell.run("feature:uninstall " + feature + " ; feature:list -i ; bundle:list -t 0 -s");
        assertTrue(r.ok() && !installed(r, feature), feature + " did not uninstall: " + r + "\n" + karaf.logTail(30));
        return r;
    }

    /** DS activates our components just after the install returns: wait until the command answers. */
    private static Result awaitStatus() throws Exception {
        Result status = shell.await(KarafClient.printed("discovery:status"), COMMANDS_TIMEOUT, Result::ok);
        assertTrue(status.ok(), "discovery:status did not answer within " + COMMANDS_TIMEOUT.toSeconds() + " s: "
                + status + "\n" + karaf.logTail(30));
        return status;
    }

    private static String identityIn(Result status) {
        Matcher m = IDENTITY.matcher(status.output());
        assertTrue(m.find(), "no 12D3KooW… identity in " + status);
        return m.group(1);
    }

    private static int peerCount(Result status) {
        assertTrue(status.ok(), status.toString());
        Matcher m = PEERS.matcher(status.output());
        assertTrue(m.find(), "no peers line in " + status);
        return Integer.parseInt(m.group(1));
    }

    /** Whether a feature:list table shows {@code feature} (its rows start with the feature name). */
    private static boolean listed(Result featureList, String feature) {
        Pattern row = Pattern.compile(Pattern.quote(feature) + "\\s+\\|.*");
        return featureList.output().lines().anyMatch(line -> row.matcher(line).matches());
    }

    /** Whether feature:list -i shows {@code feature}: -i lists installed features only. */
    private static boolean installed(Result installedFeatureList, String feature) {
        return listed(installedFeatureList, feature);
    }

    /** Whether bundle:list -s shows a bundle with this symbolic name (the last column of its table). */
    private static boolean bundlePresent(Result bundleList, String symbolicName) {
        Pattern row = Pattern.compile(".*\\|\\s*" + Pattern.quote(symbolicName) + "\\s*");
        return bundleList.output().lines().anyMatch(line -> row.matcher(line).matches());
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run through mvn verify)");
        }
        return value;
    }
}
