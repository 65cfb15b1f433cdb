package org.olocus.discovery.peerstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.PeerLimits;
import org.olocus.discovery.api.PeerStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The components' service registration, against a recording {@link BundleContext}. */
class PeerStoreComponentTest {
    @TempDir
    Path dir;

    /** What the components did to the service registry. */
    private static final class Registry {
        Object service;
        Class<?> type;
        final List<Dictionary<String, ?>> properties = new ArrayList<>();
        boolean unregistered;

        BundleContext context() {
            ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setProperties" -> properties.add(cast(args[0]));
                            case "unregister" -> unregistered = true;
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return null;
                    });
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (p, m, args) -> {
                        if (m.getName().equals("getProperty")) {
                            return null; // no framework properties: relative paths resolve in the working dir
                        }
                        if (!m.getName().equals("registerService") || !(args[0] instanceof Class<?> c)) {
                            throw new UnsupportedOperationException(m.toString());
                        }
                        type = c;
                        service = args[1];
                        properties.add(cast(args[2]));
                        return registration;
                    });
        }

        @SuppressWarnings("unchecked")
        private static Dictionary<String, ?> cast(Object o) {
            return (Dictionary<String, ?>) o;
        }
    }

    @Test
    void theExtraStoreRegistersWithAnIntegerRankingAndFollowsChanges() throws DiscoveryException {
        Registry registry = new Registry();
        Path file = dir.resolve("extra.mv");
        Map<String, Object> properties = Configs.map("type", "persistent", "path", file.toString(),
                "service_ranking", "10", "service.pid", "org.olocus.discovery.peerstore.extra~1",
                "service.factoryPid", ExtraPeerStoreComponent.FACTORY_PID);
        ExtraPeerStoreComponent component = new ExtraPeerStoreComponent(registry.context(),
                Configs.config(properties), properties);
        assertSame(component, registry.service);
        assertEquals(PeerStore.class, registry.type);
        Dictionary<String, ?> registered = registry.properties.get(0);
        assertEquals(Integer.valueOf(10), registered.get("service.ranking"));
        assertEquals("persistent", registered.get("type"));
        assertEquals(file.toString(), registered.get("path"));
        assertEquals(ExtraPeerStoreComponent.FACTORY_PID, registered.get("service.factoryPid"));
        assertEquals("org.olocus.discovery.peerstore.extra~1", component.describe().get("store"));

        component.add(TestPeers.peer(TestPeers.randomId(new Random(1)), TestPeers.T0));
        Map<String, Object> changed = Configs.map("type", "persistent", "path", file.toString(),
                "service_ranking", 20, "max_peers", 5);
        component.modified(Configs.config(changed), changed);
        assertEquals(2, registry.properties.size());
        assertEquals(Integer.valueOf(20), registry.properties.get(1).get("service.ranking"));
        assertEquals(5, component.limits().maxPeers());

        component.deactivate();
        assertTrue(registry.unregistered);
        try (PersistentPeerStore reopened = PersistentPeerStore.open(file, PeerLimits.DEFAULT)) {
            assertEquals(1, reopened.size(), "deactivation committed and closed the file");
        }
    }

    @Test
    void theMainStoreRegistersUnconfigured() {
        Registry registry = new Registry();
        PeerStoreComponent component = new PeerStoreComponent(registry.context(), Configs.config(Map.of()),
                Map.of());
        assertEquals(Integer.valueOf(0), registry.properties.get(0).get("service.ranking"));
        assertEquals("memory", registry.properties.get(0).get("type"));
        assertEquals(PeerStoreComponent.PID, component.describe().get("store"));
        Map<String, Object> limitsOnly = Configs.map("max_peers", 50);
        component.modified(Configs.config(limitsOnly), limitsOnly);
        assertEquals(1, registry.properties.size(), "no ranking change, no property update");
        component.deactivate();
        assertTrue(registry.unregistered);
    }
}
