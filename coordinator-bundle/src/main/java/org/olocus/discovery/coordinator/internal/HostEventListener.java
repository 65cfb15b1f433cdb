package org.olocus.discovery.coordinator.internal;

import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.HostListener;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.PeerConnection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The coordinator's {@link HostListener}: hands the transport's connection events to the coordinator's
 * {@link ConnectionTracker}, which merges them into the peer store without blocking the transport's thread. It
 * also follows the {@link Host} services themselves: the store is reconciled with a host's open connections when
 * it is bound (and periodically), and when a host goes away the connections it held are gone too, even if it did
 * not report each one closed. Immediate, so that it follows Host services from the start.
 */
@Component(service = HostListener.class, immediate = true)
public final class HostEventListener implements HostListener {
    private final ConnectionTracker tracker;

    @Activate
    public HostEventListener(@Reference Coordinator coordinator) {
        this.tracker = coordinator.connectionTracker();
    }

    @Override
    public void connected(PeerConnection connection) {
        tracker.connected(connection);
    }

    @Override
    public void identified(PeerConnection connection, IdentifyInfo info) {
        tracker.identified(connection, info);
    }

    @Override
    public void disconnected(PeerConnection connection) {
        tracker.disconnected(connection);
    }

    /** Its events arrive through the whiteboard; the store is reconciled with its connections now and then. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindHost")
    void bindHost(Host host) {
        tracker.hostBound(host);
    }

    void unbindHost(Host host) {
        tracker.hostGone(host);
    }
}
