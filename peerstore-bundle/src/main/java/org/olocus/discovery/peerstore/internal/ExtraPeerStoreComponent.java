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
 * Additional peer stores, one per factory configuration of {@value #FACTORY_PID} (for example a persistent store
 * with {@code service_ranking=10} that the coordinator then prefers). Same keys and behaviour as
 * {@link PeerStoreComponent}; none exists without a configuration.
 */
@Component(service = {}, immediate = true, configurationPid = ExtraPeerStoreComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PeerStoreConfig.class, factory = true)
public final class ExtraPeerStoreComponent extends ConfiguredPeerStore {
    public static final String FACTORY_PID = "org.olocus.discovery.peerstore.extra";

    private final ServicePublication publication;

    @Activate
    public ExtraPeerStoreComponent(BundleContext context, PeerStoreConfig config, Map<String, Object> properties) {
        super(String.valueOf(properties.getOrDefault("service.pid", FACTORY_PID)), context::getProperty, config,
                properties);
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
