package org.olocus.discovery.itests.mechanism;

import org.olocus.discovery.api.DiscoveryMechanism;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Activator of the throw-away mechanism bundles the ITs build: registers a {@link StaticMechanism} named by the
 * {@code Olocus-Mechanism-Name} header with {@code Olocus-Mechanism-Peers} peers.
 */
public final class StaticMechanismActivator implements BundleActivator {
    public static final String NAME_HEADER = "Olocus-Mechanism-Name";
    public static final String PEERS_HEADER = "Olocus-Mechanism-Peers";

    private ServiceRegistration<DiscoveryMechanism> registration;

    @Override
    public void start(BundleContext context) {
        String name = context.getBundle().getHeaders().get(NAME_HEADER);
        int peers = Integer.parseInt(context.getBundle().getHeaders().get(PEERS_HEADER));
        registration = context.registerService(DiscoveryMechanism.class, StaticMechanism.of(name, peers), null);
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
