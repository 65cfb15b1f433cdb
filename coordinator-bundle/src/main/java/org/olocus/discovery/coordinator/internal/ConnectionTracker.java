package org.olocus.discovery.coordinator.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.DiscoveryType;
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
 * queue the rest on the intake's owner thread and return at once; all per-peer state below is touched on that
 * owner thread only, so it needs no locks and is ordered with every other store write.
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

    private final PeerIntake intake;
    private final ObservedAddresses observed;
    private final Runnable ownAddressesChanged;
    /** Owner thread only. */
    private final Map<PeerId, PeerConnections> peers = new HashMap<>();
    private final AtomicInteger connectedPeers = new AtomicInteger();
    private final AtomicLong connectedEvents = new AtomicLong();
    private final AtomicLong identifiedEvents = new AtomicLong();
    private final AtomicLong disconnectedEvents = new AtomicLong();
    private final AtomicLong refusedUpdates = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();

    /** Counters shown by {@code discovery:status}. */
    record Stats(long connected, long identified, long disconnected, long refusedConnected, long droppedEvents,
                 int connectedPeers) {
        @Override
        public String toString() {
            return "connected=" + connected + " identified=" + identified + " disconnected=" + disconnected
                    + " refused_connected=" + refusedConnected + " dropped_events=" + droppedEvents
                    + " peers_connected_now=" + connectedPeers;
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
        PeerId peer = connection.remotePeer();
        ConnectionDirection direction = connection.direction();
        Multiaddr remote = connection.remoteAddress();
        Instant now = Instant.now();
        onOwner(() -> onConnected(connection, peer, direction, remote, now));
    }

    void identified(PeerConnection connection, IdentifyInfo info) {
        identifiedEvents.incrementAndGet();
        PeerId peer = connection.remotePeer();
        Instant now = Instant.now();
        PeerInfo report = seen(peer, DialableAddresses.of(info.listenAddresses(), connection.remoteAddress()), now)
                .withProtocols(new LinkedHashSet<>(info.protocols())).withAgentVersion(info.agentVersion());
        onOwner(() -> merge(report));
        if (info.observedAddress().isPresent() && observed.observed(peer, info.observedAddress().get())) {
            ownAddressesChanged.run();
        }
    }

    void disconnected(PeerConnection connection) {
        disconnectedEvents.incrementAndGet();
        PeerId peer = connection.remotePeer();
        Instant now = Instant.now();
        onOwner(() -> onDisconnected(connection, peer, now));
    }

    /** The {@code Host} left: its connections are gone with it, whether or not it said so connection by connection. */
    void hostGone() {
        Instant now = Instant.now();
        onOwner(() -> {
            List<PeerId> held = new ArrayList<>(peers.keySet());
            peers.clear();
            connectedPeers.set(0);
            held.forEach(p -> merge(disconnectedReport(p, now)));
            if (!held.isEmpty()) {
                LOG.info("Transport host left: {} peers marked disconnected", held.size());
            }
        });
    }

    Stats stats() {
        return new Stats(connectedEvents.get(), identifiedEvents.get(), disconnectedEvents.get(),
                refusedUpdates.get(), droppedEvents.get(), connectedPeers.get());
    }

    // --- owner thread ------------------------------------------------------------------------------------------

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

    private void onOwner(Runnable task) {
        if (!intake.execute(task)) {
            droppedEvents.incrementAndGet();
            LOG.debug("Coordinator store queue full: a transport event was dropped");
        }
    }
}
