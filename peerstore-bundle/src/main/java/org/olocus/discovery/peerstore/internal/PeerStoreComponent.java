package org.olocus.discovery.peerstore.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The node's peer store: always present (in memory with the defaults when unconfigured), configured by PID
 * {@value #PID}. Registers itself as the {@link org.olocus.discovery.api.PeerStore} service.
 */
@Component(service = {}, immediate = true, configurationPid = PeerStoreComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PeerStoreConfig.class)
public final class PeerStoreComponent extends ConfiguredPeerStore {
    public static final String PID = "org.olocus.discovery.peerstore";

    private final ServicePublication publication;

    @Activate
    public PeerStoreComponent(BundleContext context, PeerStoreConfig config, Map<String, Object> properties) {
        super(PID, context::getProperty, config, properties);
        publication = publish(context, properties);
    }

    @Modified
    void modified(PeerStoreConfig config, Map<String, Object> properties) {
        publication.follow(this, reconfigure(config, properties), properties);
    }

    @Deactivate
    void deactivate() {
        publication.withdraw();
        close();
    }
}
