package org.olocus.discovery.coordinator.internal;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.Descriptor;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.StoreUpdate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code discovery:} Gogo commands. They return values for the shell to print (and scripts to use); a bad
 * argument is an {@link IllegalArgumentException} whose message is the one line the shell shows.
 */
@Component(service = DiscoveryCommands.class, property = {
        "osgi.command.scope=discovery",
        "osgi.command.function=peers",
        "osgi.command.function=peer",
        "osgi.command.function=closest",
        "osgi.command.function=mechanisms",
        "osgi.command.function=discover",
        "osgi.command.function=add",
        "osgi.command.function=remove",
        "osgi.command.function=expire",
        "osgi.command.function=status"})
public final class DiscoveryCommands {
    private static final int DEFAULT_CLOSEST = 20;
    private final Coordinator coordinator;
    private final ConfigFileAudit audit;

    /** One row of {@code closest}: the peer and how many leading key bits it shares with the target. */
    public record ClosestPeer(int commonPrefixBits, PeerInfo peer) {
        @Override
        public String toString() {
            return String.format("cpl=%3d %s", commonPrefixBits, peer);
        }
    }

    @Activate
    public DiscoveryCommands(@Reference Coordinator coordinator, @Reference ConfigFileAudit audit) {
        this.coordinator = coordinator;
        this.audit = audit;
    }

    @Descriptor("list every known peer")
    public List<PeerInfo> peers() {
        return coordinator.peers();
    }

    @Descriptor("show one peer")
    public PeerInfo peer(@Descriptor("peer id (Qm…, 12D3KooW…, bafz…)") String id) {
        PeerId peerId = parsePeerId(id);
        return coordinator.peer(peerId).orElseThrow(() -> new IllegalArgumentException("no peer " + peerId
                + " in the store"));
    }

    @Descriptor("the 20 peers closest (XOR of Kademlia keys) to a peer id or a 64-digit hex key")
    public List<ClosestPeer> closest(@Descriptor("peer id or hex Kademlia key") String target) {
        return closest(target, DEFAULT_CLOSEST);
    }

    @Descriptor("the peers closest (XOR of Kademlia keys) to a peer id or a 64-digit hex key")
    public List<ClosestPeer> closest(@Descriptor("peer id or hex Kademlia key") String target,
                                     @Descriptor("how many") int count) {
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("count must be between 1 and 1000, not " + count);
        }
        byte[] key = kadKey(target);
        List<ClosestPeer> out = new ArrayList<>();
        for (PeerInfo p : coordinator.closest(key, count)) {
            out.add(new ClosestPeer(PeerId.commonPrefixLength(key, p.id().kadKey()), p));
        }
        return out;
    }

    @Descriptor("list the running discovery mechanisms")
    public List<MechanismStatus> mechanisms() {
        return coordinator.mechanisms();
    }

    @Descriptor("run a discovery round on every mechanism now; returns peers stored per mechanism")
    public Map<String, Integer> discover() throws Exception {
        return await(null);
    }

    @Descriptor("run a discovery round on one mechanism now")
    public Map<String, Integer> discover(@Descriptor("mechanism name") String name) throws Exception {
        return await(name);
    }

    @Descriptor("add a peer by a multiaddr that ends in /p2p/<id>")
    public PeerInfo add(@Descriptor("multiaddr, e.g. /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…") String multiaddr)
            throws DiscoveryException {
        Multiaddr address = Multiaddr.parse(multiaddr);
        StoreUpdate update = coordinator.addManually(address);
        return update.peer();
    }

    @Descriptor("forget a peer")
    public String remove(@Descriptor("peer id") String id) throws DiscoveryException {
        PeerId peerId = parsePeerId(id);
        return coordinator.remove(peerId).map(p -> "removed " + p.id())
                .orElseThrow(() -> new IllegalArgumentException("no peer " + peerId + " in the store"));
    }

    @Descriptor("remove peers unseen for peer_timeout now, without waiting for the next refresh")
    public String expire() throws DiscoveryException {
        return "expired " + coordinator.expireNow() + " peers";
    }

    @Descriptor("identity, configuration, store, limits and the state of every mechanism")
    public CoordinatorStatus status() {
        return coordinator.status().withConfigFileProblems(audit.problems());
    }

    private Map<String, Integer> await(String name) throws Exception {
        long limit = coordinator.status().settings().queryTimeout().toMillis() + 2000;
        try {
            return new TreeMap<>(coordinator.discoverNow(name).get(limit, TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("discovery did not finish within " + limit + " ms");
        }
    }

    private static PeerId parsePeerId(String text) {
        return PeerId.fromString(text == null ? "" : text.trim());
    }

    private static byte[] kadKey(String target) {
        String t = target == null ? "" : target.trim();
        if (t.length() == 64 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(t);
        }
        try {
            return parsePeerId(t).kadKey();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + t + "' is neither a peer id nor a 64-digit hex key: "
                    + e.getMessage());
        }
    }
}
