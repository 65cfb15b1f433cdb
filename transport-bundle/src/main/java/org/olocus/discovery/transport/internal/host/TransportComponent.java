package org.olocus.discovery.transport.internal.host;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.HostListener;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.StreamHandler;
import org.olocus.discovery.transport.internal.connection.Libp2pHost;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport as a DS component: validates its configuration, starts a {@link Libp2pHost} (the engine), binds
 * every listen address and only then registers its {@link ApiHost} as the {@link Host} service; serves the
 * {@link StreamHandler} and {@link HostListener} whiteboards. Any configuration change re-activates it (new host,
 * new binds); deactivation closes every socket and thread.
 */
@Component(name = TransportComponent.NAME, service = {}, immediate = true, configurationPid = TransportComponent.PID)
@Designate(ocd = TransportConfig.class)
@Capability(namespace = "osgi.service", uses = Host.class, attribute = {
        "objectClass:List<String>='org.olocus.discovery.api.Host,"
                + "org.olocus.discovery.transport.internal.host.ApiHost'"})
public final class TransportComponent {
    /** The DS component name, kept from when the class lived in {@code transport.internal}. */
    static final String NAME = "org.olocus.discovery.transport.internal.TransportComponent";
    static final String PID = "org.olocus.discovery.transport";
    /** Service property of the registered {@link Host}: our peer id. */
    static final String PEER_ID_PROPERTY = "olocus.peer.id";
    /** Most HostListener events waiting before new ones are dropped. */
    static final int EVENT_QUEUE = 16_384;
    private static final Logger LOG = LoggerFactory.getLogger(TransportComponent.class);

    /** Publishes the started host; the returned handle withdraws it. */
    @FunctionalInterface
    interface Publisher {
        Runnable publish(ApiHost host);
    }

    private final Libp2pHost libp2p;
    private final HostEventDispatcher events;
    private final ApiHost host;
    private final StreamHandlerWhiteboard handlers;
    private final Runnable unpublish;

    @Activate
    public TransportComponent(BundleContext context, @Reference LocalPeer localPeer, TransportConfig config)
            throws InterruptedException {
        this(host -> register(context, host), localPeer, config);
    }

    TransportComponent(Publisher publisher, LocalPeer localPeer, TransportConfig config) throws InterruptedException {
        TransportSettings settings;
        try {
            settings = TransportSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {} refused, the transport does not start: {}", PID, e.getMessage());
            throw e;
        }
        libp2p = new Libp2pHost(localPeer, settings.host());
        events = new HostEventDispatcher(EVENT_QUEUE);
        host = new ApiHost(libp2p, settings, events, ListenAddresses::interfaceAddresses);
        handlers = new StreamHandlerWhiteboard(libp2p, host);
        try {
            List<Multiaddr> bound = host.listen(settings.listenAddresses());
            if (bound.isEmpty()) {
                throw new IllegalStateException("none of listen_addresses " + settings.listenAddresses()
                        + " could be bound: " + host.bindFailures());
            }
            unpublish = publisher.publish(host);
        } catch (InterruptedException | RuntimeException e) {
            LOG.error("The transport does not start: {}", e.getMessage());
            closeAll();
            throw e;
        }
        LOG.info("Transport active for {}: listening on {}, announcing {}", localPeer.peerId(),
                host.boundAddresses(), host.listenAddresses());
    }

    @Deactivate
    void deactivate() {
        unpublish.run();
        closeAll();
        LOG.info("Transport stopped");
    }

    private void closeAll() {
        handlers.close();
        libp2p.close();
        events.close();
    }

    ApiHost host() {
        return host;
    }

    StreamHandlerWhiteboard handlers() {
        return handlers;
    }

    // ---- whiteboards ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeStreamHandler", updated = "updatedStreamHandler")
    void addStreamHandler(StreamHandler handler, Map<String, Object> properties) {
        handlers.add(handler, properties);
    }

    void updatedStreamHandler(StreamHandler handler, Map<String, Object> properties) {
        handlers.update(handler, properties);
    }

    void removeStreamHandler(StreamHandler handler) {
        handlers.remove(handler);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeHostListener")
    void addHostListener(HostListener listener) {
        events.addListener(listener);
    }

    void removeHostListener(HostListener listener) {
        events.removeListener(listener);
    }

    private static Runnable register(BundleContext context, ApiHost host) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PEER_ID_PROPERTY, host.peerId().toBase58());
        ServiceRegistration<?> registration = context.registerService(
                new String[] {Host.class.getName(), ApiHost.class.getName()}, host, properties);
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        };
    }
}
