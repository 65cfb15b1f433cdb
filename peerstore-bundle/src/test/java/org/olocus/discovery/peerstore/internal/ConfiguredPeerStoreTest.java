package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerLimits;

class ConfiguredPeerStoreTest {
    @TempDir
    Path dir;

    private final Random random = new Random(11);
    private ConfiguredPeerStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private ConfiguredPeerStore start(Map<String, Object> properties) {
        store = new ConfiguredPeerStore("test", Configs.config(properties), properties);
        return store;
    }

    private Set<PeerInfo> fill(int count) throws DiscoveryException {
        for (int i = 0; i < count; i++) {
            store.add(TestPeers.peer(TestPeers.randomId(random), TestPeers.T0.plusSeconds(i)));
        }
        return new HashSet<>(store.all());
    }

    @Test
    void unconfiguredIsAMemoryStoreWithTheDefaults() {
        start(Map.of());
        Map<String, Object> facts = store.describe();
        assertEquals("memory", facts.get("type"));
        assertEquals(PeerLimits.DEFAULT, store.limits());
        assertEquals(0, facts.get("service_ranking"));
        assertFalse(facts.containsKey("config_error"));
        assertEquals(0, store.serviceProperties().get("service.ranking"));
    }

    @Test
    void newLimitsApplyLive() throws DiscoveryException {
        start(Configs.map("max_peers", 10));
        fill(10);
        assertTrue(store.reconfigure(Configs.config("max_peers", 4, "max_inbound", 1, "service_ranking", 3),
                Map.of()), "ranking changed");
        assertEquals(new PeerLimits(4, 1, 50), store.limits());
        assertEquals(4, store.size());
        assertEquals(3, store.serviceProperties().get("service.ranking"));
        assertFalse(store.reconfigure(Configs.config("max_peers", 4, "max_inbound", 1, "service_ranking", 3),
                Map.of()), "nothing changed");
    }

    @Test
    void aBadConfigurationIsReportedAndTheLastGoodOneKept() throws DiscoveryException {
        start(Configs.map("max_peers", 10, "service_ranking", 2));
        Set<PeerInfo> peers = fill(3);
        Map<Map<String, Object>, String> badConfigs = Map.of(
                Configs.map("type", "bogus"), "type='bogus'",
                Configs.map("max_peers", 0), "max_peers=0",
                Configs.map("max_inbound", -1), "max_inbound=-1",
                Configs.map("max_outbound", -5), "max_outbound=-5",
                Configs.map("type", "persistent", "path", "  "), "path='  '",
                Configs.map("max_peers", "many"), "max_peers is not an integer");
        badConfigs.forEach((bad, named) -> {
            assertFalse(store.reconfigure(Configs.config(bad), bad));
            String error = (String) store.describe().get("config_error");
            assertTrue(error != null && error.contains(named), bad + " -> " + error);
            assertEquals(new PeerLimits(10, 50, 50), store.limits());
            assertEquals("memory", store.describe().get("type"));
            assertEquals(peers, new HashSet<>(store.all()));
            assertEquals(2, store.describe().get("service_ranking"));
        });
        store.reconfigure(Configs.config("max_peers", 20), Map.of());
        assertNull(store.describe().get("config_error"), "a good configuration clears the error");
    }

    @Test
    void aBadConfigurationAtActivationFallsBackToTheDefaults() {
        start(Configs.map("type", "cloud", "max_peers", -3, "service_ranking", 9));
        Map<String, Object> facts = store.describe();
        assertEquals("memory", facts.get("type"));
        assertEquals(PeerLimits.DEFAULT, store.limits());
        assertEquals(0, facts.get("service_ranking"));
        String error = (String) facts.get("config_error");
        assertTrue(error.contains("type='cloud'") && error.contains("max_peers=-3"), error);
    }

    @Test
    void switchingFromMemoryToPersistentKeepsEveryPeer() throws DiscoveryException {
        start(Map.of());
        store.add(TestPeers.connected(TestPeers.randomId(random), TestPeers.T0, ConnectionDirection.INBOUND));
        Set<PeerInfo> peers = fill(30);
        Path file = dir.resolve("store/peers.mv");
        store.reconfigure(Configs.config("type", "persistent", "path", file.toString()), Map.of());
        Map<String, Object> facts = store.describe();
        assertEquals("persistent", facts.get("type"));
        assertEquals(file.toString(), facts.get("path"));
        assertEquals(peers, new HashSet<>(store.all()), "connection states copied as they are");
        assertEquals(file.toString(), store.serviceProperties().get("path"));
        store.close();
        store = null;
        try (PersistentPeerStore reopened = PersistentPeerStore.open(file, PeerLimits.DEFAULT)) {
            assertEquals(peers.size(), reopened.size());
        }
    }

    @Test
    void addAllOfAPersistentStoreCommitsTheBatchOnceNotOncePerPeer() {
        Path file = dir.resolve("peers.mv");
        start(Configs.map("type", "persistent", "path", file.toString(), "max_peers", 10_000));
        List<PeerInfo> batch = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            batch.add(TestPeers.peer(TestPeers.randomId(random), TestPeers.T0.plusSeconds(i)));
        }
        assertEquals(2_000, store.addAll(batch), "added or changed");
        assertEquals(0, store.addAll(batch.subList(0, 10)), "already stored as given");
        store.close();
        store = null;
        // MVStore's version counts commits (opening and closing make a few): one per add would be over 2,000.
        long commits = commits(file);
        assertTrue(commits < 20, commits + " commits for two addAll calls");
        try (PersistentPeerStore reopened = PersistentPeerStore.open(file, new PeerLimits(10_000, 10, 10))) {
            assertEquals(new HashSet<>(batch), new HashSet<>(reopened.all()));
        }
    }

    /** How many commits the closed file has seen: its MVStore version. */
    private static long commits(Path file) {
        MVStore mv = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            return mv.getCurrentVersion();
        } finally {
            mv.close();
        }
    }

    @Test
    void switchingBackAndBetweenFilesKeepsEveryPeer() throws DiscoveryException {
        Path first = dir.resolve("a.mv");
        Path second = dir.resolve("b.mv");
        start(Configs.map("type", "persistent", "path", first.toString()));
        Set<PeerInfo> peers = fill(12);
        store.reconfigure(Configs.config("type", "persistent", "path", second.toString()), Map.of());
        assertEquals(second.toString(), store.describe().get("path"));
        assertEquals(peers, new HashSet<>(store.all()));
        store.reconfigure(Configs.config("type", "memory"), Map.of());
        assertEquals("memory", store.describe().get("type"));
        assertEquals(peers, new HashSet<>(store.all()));
        try (PersistentPeerStore old = PersistentPeerStore.open(first, PeerLimits.DEFAULT)) {
            assertEquals(12, old.size(), "the old file is closed, and kept");
        }
    }

    @Test
    void aSwitchToAFileThatCannotBeOpenedKeepsTheCurrentStore() throws DiscoveryException {
        Path locked = dir.resolve("locked.mv");
        try (PersistentPeerStore other = PersistentPeerStore.open(locked, PeerLimits.DEFAULT)) {
            start(Map.of());
            Set<PeerInfo> peers = fill(5);
            assertFalse(store.reconfigure(Configs.config("type", "persistent", "path", locked.toString()), Map.of()));
            assertEquals("memory", store.describe().get("type"));
            assertTrue(((String) store.describe().get("config_error")).contains("locked"));
            assertEquals(peers, new HashSet<>(store.all()));
        }
    }

    @Test
    void relativePathsResolveAgainstTheOlocusHomeFrameworkProperty() {
        Map<String, Object> properties = Configs.map("type", "persistent");
        store = new ConfiguredPeerStore("test", Map.of("olocus.home", dir.toString())::get,
                Configs.config(properties), properties);
        assertEquals(dir.resolve("data/peers.mv").toString(), store.describe().get("path"));
        assertEquals(Path.of("").toAbsolutePath().resolve("x/y.mv"),
                StoreSettings.resolve("x/y.mv", Map.<String, String>of()::get));
        assertEquals(dir.resolve("x/y.mv"),
                StoreSettings.resolve("./x/../x/y.mv", Map.of("olocus.home", dir.toString())::get));
    }

    @Test
    void theStandardServiceRankingKeyIsHonouredToo() {
        Map<String, Object> properties = Configs.map("service.ranking", "7");
        start(properties);
        assertEquals(7, store.serviceProperties().get("service.ranking"));
        Map<String, Object> bad = Configs.map("service.ranking", "high");
        assertFalse(store.reconfigure(Configs.config(bad), bad));
        assertTrue(((String) store.describe().get("config_error")).contains("service.ranking='high'"));
    }
}
