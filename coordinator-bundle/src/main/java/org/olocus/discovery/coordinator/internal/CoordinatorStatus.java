package org.olocus.discovery.coordinator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerLimits;

/**
 * What {@code discovery:status} shows: identity, configuration, store, limits, intake and transport-event counters
 * and every mechanism.
 */
public record CoordinatorStatus(PeerId identity, Instant startedAt, CoordinatorSettings settings, String configError,
                                int peers, PeerLimits limits, List<String> stores, PeerIntake.Stats intake,
                                ConnectionTracker.Stats transport, long droppedEvents, List<Multiaddr> announced,
                                PeerDialer.Stats dialer, List<MechanismStatus> mechanisms,
                                List<String> configFileProblems) {
    /** The same status with the problems found in etc/ files. */
    public CoordinatorStatus withConfigFileProblems(List<String> problems) {
        return new CoordinatorStatus(identity, startedAt, settings, configError, peers, limits, stores, intake,
                transport, droppedEvents, announced, dialer, mechanisms, List.copyOf(problems));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("identity     ").append(identity).append('\n');
        sb.append("up since     ").append(startedAt).append(" (")
                .append(Duration.between(startedAt, Instant.now()).toSeconds()).append(" s)\n");
        sb.append("config       discovery_interval=").append(settings.discoveryInterval().toSeconds())
                .append(" query_timeout=").append(settings.queryTimeout().toSeconds())
                .append(" max_peers_per_mechanism=").append(settings.maxPeersPerMechanism())
                .append(" refresh_interval=").append(settings.refreshInterval().toSeconds())
                .append(" peer_timeout=").append(settings.peerTimeout().toSeconds())
                .append(" announce_addresses=").append(settings.announceAddresses()).append('\n');
        sb.append("announced    ").append(announced.isEmpty() ? "nothing (no transport listening)" : announced)
                .append('\n');
        if (configError != null) {
            sb.append("CONFIG ERROR ").append(configError).append('\n');
        }
        configFileProblems.forEach(p -> sb.append("CONFIG FILE  ").append(p).append('\n'));
        sb.append("peers        ").append(peers).append(" (max_peers=").append(limits.maxPeers())
                .append(" max_inbound=").append(limits.maxInbound()).append(" max_outbound=")
                .append(limits.maxOutbound()).append(")\n");
        sb.append("intake       added=").append(intake.added()).append(" updated=").append(intake.updated())
                .append(" removed=").append(intake.removed()).append(" refused_full=").append(intake.refusedFull())
                .append(" dropped_batches=").append(intake.droppedBatches()).append(" dropped_events=")
                .append(droppedEvents).append('\n');
        sb.append("transport    ").append(transport).append('\n');
        sb.append("dialer       ").append(dialer).append('\n');
        sb.append("stores\n");
        stores.forEach(s -> sb.append("  ").append(s).append('\n'));
        sb.append("mechanisms   ").append(mechanisms.isEmpty() ? "none" : mechanisms.size()).append('\n');
        mechanisms.forEach(m -> sb.append("  ").append(m).append('\n'));
        return sb.toString();
    }
}
