package org.olocus.discovery.coordinator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.olocus.discovery.api.Multiaddr;

/**
 * What the coordinator announces is what listens: the Host's addresses, plus the configured announce_addresses;
 * nothing without a Host; announced again when the Host comes or goes, its addresses change (an interface came
 * up) or the configuration changes.
 */
class AnnounceOwnAddressesTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Multiaddr LISTEN = Multiaddr.parse("/ip4/10.9.0.1/tcp/4001");
    private static final Multiaddr SECOND = Multiaddr.parse("/ip4/10.9.7.1/tcp/4001");
    private static final Multiaddr NAT = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");

    @TempDir
    Path dir;
    private Coordinator coordinator;
    private final TestMechanism mechanism = TestMechanism.returning("m", List.of());
    private final FakeHost host = new FakeHost();

    @BeforeEach
    void start() throws Exception {
        coordinator = new Coordinator(IdentityKeyFile.loadOrCreate(dir.resolve("identity.key")),
                TestConfigs.coordinator(Map.of("address_poll", 1L, "target_connections", 0)));
        coordinator.bindPeerStore(new FakeStore("memory"), Map.of("service.ranking", 0, "service.id", 1L));
        coordinator.bindMechanism(mechanism);
        CoordinatorTest.await(() -> mechanism.announced != null, WAIT);
    }

    @AfterEach
    void stop() {
        coordinator.deactivate();
    }

    private void awaitAnnounced(List<Multiaddr> expected) {
        CoordinatorTest.await(() -> mechanism.announced != null && mechanism.announced.addresses().equals(expected),
                WAIT);
    }

    @Test
    void withoutAHostNothingIsAnnounced() {
        assertEquals(List.of(), mechanism.announced.addresses());
    }

    @Test
    void theHostsAddressesAreAnnouncedAndFollowed() {
        coordinator.bindHost(host);
        awaitAnnounced(List.of(LISTEN));
        assertEquals(coordinator.localPeer().peerId(), mechanism.announced.id());
        host.listen = List.of(LISTEN, SECOND); // an interface came up
        awaitAnnounced(List.of(LISTEN, SECOND));
        coordinator.unbindHost(host);
        awaitAnnounced(List.of());
    }

    @Test
    void configuredAddressesAreAnnouncedWithTheListenAddresses() {
        coordinator.bindHost(host);
        coordinator.modified(TestConfigs.coordinator(Map.of("address_poll", 1L, "target_connections", 0,
                "announce_addresses", new String[] {NAT.toString()})));
        awaitAnnounced(List.of(LISTEN, NAT));
        assertEquals("announced    " + List.of(LISTEN, NAT),
                coordinator.status().toString().lines().filter(l -> l.startsWith("announced")).findFirst()
                        .orElseThrow());
    }

    @Test
    void aMechanismThatArrivesLaterIsStartedWithTheCurrentAddresses() {
        coordinator.bindHost(host);
        awaitAnnounced(List.of(LISTEN));
        TestMechanism late = TestMechanism.returning("late", List.of());
        coordinator.bindMechanism(late);
        CoordinatorTest.await(() -> late.announced != null && late.announced.addresses().equals(List.of(LISTEN)),
                WAIT);
    }
}
