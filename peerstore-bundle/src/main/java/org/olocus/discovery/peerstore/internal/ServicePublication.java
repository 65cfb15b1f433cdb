package org.olocus.discovery.peerstore.internal;

import java.util.Dictionary;
import java.util.Map;

import org.olocus.discovery.api.PeerStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The {@link PeerStore} service registration of a peer store component. The component registers itself rather
 * than through DS's {@code service} attribute so that its {@code service.ranking} is always an Integer taken from
 * the validated configuration: DS would publish the raw key {@code service_ranking} (not a ranking at all), or a
 * text value from a {@code .cfg} file, which the framework ignores as a ranking.
 */
final class ServicePublication {
    /** Configuration properties that identify the registration and are passed through. */
    private static final String[] PASSED_THROUGH = {"service.pid", "service.factoryPid", "component.name"};

    private final ServiceRegistration<PeerStore> registration;

    private ServicePublication(ServiceRegistration<PeerStore> registration) {
        this.registration = registration;
    }

    static ServicePublication publish(BundleContext context, ConfiguredPeerStore store, Map<String, ?> properties) {
        return new ServicePublication(context.registerService(PeerStore.class, store, describe(store, properties)));
    }

    /** Updates the service properties when a reconfiguration changed them. */
    void follow(ConfiguredPeerStore store, boolean changed, Map<String, ?> properties) {
        if (changed) {
            registration.setProperties(describe(store, properties));
        }
    }

    void withdraw() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters everything of a stopping bundle itself
        }
    }

    private static Dictionary<String, Object> describe(ConfiguredPeerStore store, Map<String, ?> properties) {
        Dictionary<String, Object> out = store.serviceProperties();
        for (String key : PASSED_THROUGH) {
            Object value = properties == null ? null : properties.get(key);
            if (value != null) {
                out.put(key, value);
            }
        }
        return out;
    }
}
