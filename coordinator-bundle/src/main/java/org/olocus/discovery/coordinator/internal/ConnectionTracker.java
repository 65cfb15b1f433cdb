package org.olocus.discovery.coordinator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the transport's connection events into the peer store, through the {@link PeerIntake} (the one store
 * writer). The event methods read what they need from the connection on the caller's thread (the transport's),
 * record it in {@link PendingConnectionEvents} and return at once; one flush at a time on the intake's owner thread
 * applies what is pending. Events are never dropped: while the owner thread is busy they coalesce into the latest
 * state of each connection. All per-peer state below is touched on that owner thread only, so it needs no locks
 * and is ordered with every other store write.
 *
 * <p>As a safety net the store is reconciled with the bound {@link Host}s' open connections when a host is bound
 * or leaves, and every {@link #RECONCILE_EVERY}: a tracked connection the host no longer has is taken as closed,
 * an open connection never heard of as opened, and a peer stored as connected that no connection holds becomes
 * {@code DISCONNECTED} (and so ages out again).
 *
 * <ul>
 * <li>{@code connected}: the handshake proved the peer's id: it becomes {@code CONNECTED} in the connection's
 * direction (source {@code TRANSPORT}, seen now, proven now). The remote address is recorded, and marked proven,
 * for outbound connections only: an inbound connection comes from the remote's ephemeral port, which nobody
 * listens on. A second connection to a peer that already holds a slot only refreshes it.</li>
 * <li>{@code identified}: the peer's dialable listen addresses, protocols and agent version are merged; its
 * status is left as it is (the report carries {@code UNKNOWN}, which the store's merge rules never take over).
 * The address it observed us at goes to {@link ObservedAddresses}; when that confirms a new address of ours,
 * {@code ownAddressesChanged} runs.</li>
 * <li>{@code disconnected}: when no other connection to the peer remains it becomes {@code DISCONNECTED},
 * direction {@code NONE}, and ages out as usual; otherwise it keeps its slot, moving to the remaining
 * connection's direction if the closed one held it.</li>
 * <li>A {@code CONNECTED} report the store refuses (its {@code max_inbound} / {@code max_outbound} reached) is
 * counted, logged once for that peer, and merged again without the connection state, so the peer is still
 * stored (or updated) with its status unchanged.</li>
 * </ul>
 */
final class ConnectionTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTracker.class);
    private static final Set<DiscoveryType> SOURCE = Set.of(DiscoveryType.TRANSPORT);
    /** How often the store is reconciled with the hosts' connections. */
    static final Duration RECONCILE_EVERY = Duration.ofSeconds(30);

    private final PeerIntake intake;
    private final ObservedAddresses observed;
    private final Runnable ownAddressesChanged;
    private final PendingConnectionEvents pending = new PendingConnectionEvents();
    private final List<Host> hosts = new CopyOnWriteArrayList<>();
    /** Owner thread only. */
    private final Map<PeerId, PeerConnections> peers = new HashMap<>();
    private final AtomicInteger connectedPeers = new AtomicInteger();
    private final AtomicLong connectedEvents = new AtomicLong();
    private final AtomicLong identifiedEvents = new AtomicLong();
    private final AtomicLong disconnectedEvents = new AtomicLong();
    private final AtomicLong refusedUpdates = new AtomicLong();
    private final AtomicLong reconciled = new AtomicLong();

    /**
     * Counters shown by {@code discovery:status}; {@code coalesced}: events folded into a connection's pending
     * state, {@code reconciled}: store entries a reconciliation with the hosts corrected.
     */
    record Stats(long connected, long identified, long disconnected, long refusedConnected, long coalesced,
                 long reconciled, int connectedPeers) {
        @Override
        public String toString() {
            return "connected=" + connected + " identified=" + identified + " disconnected=" + disconnected
                    + " refused_connected=" + refusedConnected + " coalesced=" + coalesced + " reconciled="
                    + reconciled + " peers_connected_now=" + connectedPeers;
        }
    }

    /** One peer's open connections, and the direction whose slot the store gave it ({@code NONE}: none). */
    private static final class PeerConnections {
        final List<PeerConnection> open = new ArrayList<>(2);
        ConnectionDirection slot = ConnectionDirection.NONE;
        boolean refusalLogged;

        ConnectionDirection anyDirection() {
            return open.isEmpty() ? ConnectionDirection.NONE : open.get(0).direction();
        }

        boolean hasDirection(ConnectionDirection d) {
            return open.stream().anyMatch(c -> c.direction() == d);
        }
    }

    ConnectionTracker(PeerIntake intake, ObservedAddresses observed, Runnable ownAddressesChanged) {
        this.intake = intake;
        this.observed = observed;
        this.ownAddressesChanged = ownAddressesChanged;
        intake.heldByTransport(peers::containsKey);
    }

    void connected(PeerConnection connection) {
        connectedEvents.incrementAndGet();
        flushIf(pending.connected(connection, connection.remotePeer(), connection.direction(),
                connection.remoteAddress(), Instant.now()));
    }

    void identified(PeerConnection connection, IdentifyInfo info) {
        identifiedEvents.incrementAndGet();
        PeerId peer = connection.remotePeer();
        PeerInfo report = seen(peer, DialableAddresses.of(info.listenAddresses(), connection.remoteAddress()),
                Instant.now())
                .withProtocols(new LinkedHashSet<>(info.protocols())).withAgentVersion(info.agentVersion());
        flushIf(pending.identified(connection, peer, report));
        if (info.observedAddress().isPresent() && observed.observed(peer, info.observedAddress().get())) {
            ownAddressesChanged.run();
        }
    }

    void disconnected(PeerConnection connection) {
        disconnectedEvents.incrementAndGet();
        flushIf(pending.disconnected(connection, connection.remotePeer(), Instant.now()));
    }

    /** A {@code Host} was bound: the store is reconciled with its connections now and every RECONCILE_EVERY. */
    void hostBound(Host host) {
        hosts.add(host);
        reconcile();
    }

    /**
     * A {@code Host} left: its connections are gone with it, whether or not it said so connection by connection
     * (what another host still holds stays). Its own reports after this find nothing to change.
     */
    void hostGone(Host host) {
        hosts.remove(host);
        intake.schedule(this::reconcileOnOwner);
    }

    /** Queues a reconciliation with the bound hosts' connections (none bound: nothing to compare with). */
    void reconcile() {
        if (!hosts.isEmpty()) {
            intake.schedule(this::reconcileOnOwner);
        }
    }

    Stats stats() {
        return new Stats(connectedEvents.get(), identifiedEvents.get(), disconnectedEvents.get(),
                refusedUpdates.get(), pending.coalesced(), reconciled.get(), connectedPeers.get());
    }

    /** The first pending event schedules the one flush; later ones join it until it runs. */
    private void flushIf(boolean firstPending) {
        if (firstPending && !intake.schedule(this::applyPending)) {
            LOG.debug("Coordinator stopped: transport events are no longer applied");
        }
    }

    // --- owner thread ------------------------------------------------------------------------------------------

    /** Applies what is pending, peer by peer, in the order the events came. */
    private void applyPending() {
        for (PendingConnectionEvents.PeerEvents p : pending.takeAll()) {
            for (PendingConnectionEvents.Step step : p.steps()) {
                PendingConnectionEvents.ConnectionEvents e = step.events();
                switch (step.kind()) {
                    case OPENED -> onConnected(e.connection, p.peer(), e.direction, e.remote, e.openedAt);
                    case IDENTIFIED -> merge(e.identify);
                    case CLOSED -> onDisconnected(e.connection, p.peer(), e.closedAt);
                }
            }
        }
    }

    private void reconcileOnOwner() {
        applyPending();
        Set<PeerConnection> open = new HashSet<>();
        for (Host host : hosts) {
            try {
                host.connections().stream().filter(PeerConnection::isOpen).forEach(open::add);
            } catch (RuntimeException e) {
                LOG.debug("Host {} could not list its connections ({}); reconciling later", host, e.toString());
                return; // a host going away: its unbind reconciles again
            }
        }
        Instant now = Instant.now();
        int closed = 0;
        for (Map.Entry<PeerId, PeerConnections> held : new ArrayList<>(peers.entrySet())) {
            for (PeerConnection c : new ArrayList<>(held.getValue().open)) {
                if (!open.contains(c)) {
                    onDisconnected(c, held.getKey(), now);
                    closed++;
                }
            }
        }
        int opened = 0;
        for (PeerConnection c : open) {
            PeerConnections held = peers.get(c.remotePeer());
            if (held == null || !held.open.contains(c)) {
                onConnected(c, c.remotePeer(), c.direction(), c.remoteAddress(), now);
                opened++;
            }
        }
        int stale = 0;
        for (PeerInfo p : storedPeers()) {
            // connected (or connecting) in the store, and no connection holds it: a lost event, an earlier run
            if (p.isConnected() && !peers.containsKey(p.id())) {
                merge(p.withStatus(ConnectionStatus.DISCONNECTED, ConnectionDirection.NONE));
                stale++;
            }
        }
        if (closed + opened + stale > 0) {
            reconciled.addAndGet(closed + opened + stale);
            LOG.info("Reconciled the peer store with the transport's connections: {} closed and {} opened without "
                    + "an event, {} stored peers no longer connected", closed, opened, stale);
        }
    }

    private List<PeerInfo> storedPeers() {
        try {
            return intake.store().all();
        } catch (IllegalStateException e) {
            return List.of(); // no store bound yet
        }
    }

    private void onConnected(PeerConnection connection, PeerId peer, ConnectionDirection direction, Multiaddr remote,
                             Instant now) {
        PeerConnections state = peers.computeIfAbsent(peer, p -> {
            connectedPeers.incrementAndGet();
            return new PeerConnections();
        });
        if (state.open.contains(connection)) {
            return; // heard again (a listener registered late hears open connections once more)
        }
        state.open.add(connection);
        List<Multiaddr> reachedAt = direction == ConnectionDirection.OUTBOUND ? List.of(remote) : List.of();
        PeerInfo seen = seen(peer, List.of(), now).withProof(now, reachedAt);
        if (state.slot == ConnectionDirection.NONE) {
            claimSlot(state, seen, direction);
        } else {
            merge(seen);
        }
    }

    private void onDisconnected(PeerConnection connection, PeerId peer, Instant now) {
        PeerConnections state = peers.get(peer);
        if (state == null || !state.open.remove(connection)) {
            return; // never heard connected (or already forgotten with its host)
        }
        if (state.open.isEmpty()) {
            peers.remove(peer);
            connectedPeers.decrementAndGet();
            merge(disconnectedReport(peer, now));
            return;
        }
        ConnectionDirection closed = connection.direction();
        if (state.slot == closed && !state.hasDirection(closed)) {
            // The connection that held the slot closed; the peer stays connected the other way.
            claimSlot(state, seen(peer, List.of(), now), state.anyDirection());
        } else {
            merge(seen(peer, List.of(), now));
        }
    }

    /** Reports {@code seen} as connected in {@code direction}; a refusal keeps the peer with its status unchanged. */
    private void claimSlot(PeerConnections state, PeerInfo seen, ConnectionDirection direction) {
        try {
            intake.mergeOnOwner(seen.withStatus(ConnectionStatus.CONNECTED, direction));
            state.slot = direction;
        } catch (DiscoveryException e) {
            refusedUpdates.incrementAndGet();
            if (!state.refusalLogged) {
                state.refusalLogged = true;
                LOG.info("Peer {} is connected {} but the store refused that state ({}); kept with its status "
                        + "unchanged", seen.id(), direction, e.getMessage());
            }
            merge(seen);
        } catch (RuntimeException e) {
            LOG.warn("Peer store failed on {}: {}", seen.id(), e.toString());
        }
    }

    private void merge(PeerInfo report) {
        try {
            intake.mergeOnOwner(report);
        } catch (DiscoveryException e) {
            // Only a new peer in a store full of connected peers gets here: nothing of ours to keep.
            refusedUpdates.incrementAndGet();
            LOG.debug("Peer {} not stored: {}", report.id(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Peer store failed on {}: {}", report.id(), e.toString());
        }
    }

    /** Seen now, nothing said of the connection ({@code UNKNOWN} leaves the stored status as it is). */
    private static PeerInfo seen(PeerId peer, List<Multiaddr> addresses, Instant now) {
        return new PeerInfo(peer, addresses, Set.of(), now, ConnectionStatus.UNKNOWN, ConnectionDirection.NONE, 0,
                SOURCE);
    }

    private static PeerInfo disconnectedReport(PeerId peer, Instant now) {
        return new PeerInfo(peer, List.of(), Set.of(), now, ConnectionStatus.DISCONNECTED, ConnectionDirection.NONE,
                0, SOURCE);
    }

}
