package org.olocus.discovery.transport.internal.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.Descriptor;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.host.ApiHost;
import org.olocus.discovery.transport.internal.host.TransportErrors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code net:} Gogo commands. They return values for the shell to print (and scripts to use); a bad argument
 * is an {@link IllegalArgumentException} whose message is the one line the shell shows, a failed dial or ping a
 * {@link DiscoveryException}.
 */
@Component(name = NetCommands.NAME, service = NetCommands.class, property = {
        "osgi.command.scope=net",
        "osgi.command.function=id",
        "osgi.command.function=connections",
        "osgi.command.function=connect",
        "osgi.command.function=disconnect",
        "osgi.command.function=ping",
        "osgi.command.function=status"})
public final class NetCommands {
    /** The DS component name, kept from when the class lived in {@code transport.internal}. */
    static final String NAME = "org.olocus.discovery.transport.internal.NetCommands";
    static final int DEFAULT_PINGS = 3;
    static final int MAX_PINGS = 100;
    private final ApiHost host;

    @Activate
    public NetCommands(@Reference ApiHost host) {
        this.host = host;
    }

    @Descriptor("our peer id, dialable addresses, protocols and agent")
    public NetIdentity id() {
        List<Multiaddr> addresses = new ArrayList<>();
        for (Multiaddr a : host.listenAddresses()) {
            addresses.add(a.withPeerId(host.peerId()));
        }
        List<String> protocols = new ArrayList<>(host.protocols());
        protocols.sort(null);
        return new NetIdentity(host.peerId(), addresses, protocols, host.settings().host().agentVersion());
    }

    @Descriptor("one row per open connection")
    public List<NetConnectionRow> connections() {
        Instant now = Instant.now();
        return host.connections().stream().map(c -> NetConnectionRow.of(c, now)).toList();
    }

    @Descriptor("connect to a multiaddr (with or without /p2p/<id>)")
    public NetConnectionRow connect(@Descriptor("e.g. /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…") String multiaddr)
            throws DiscoveryException, InterruptedException {
        Multiaddr address = parseAddress(multiaddr);
        Duration limit = host.settings().connectTimeout();
        PeerConnection c = await(host.connect(address), limit, "connect to " + address);
        return NetConnectionRow.of(c, Instant.now());
    }

    @Descriptor("close every connection to a peer")
    public String disconnect(@Descriptor("peer id") String peer) throws DiscoveryException, InterruptedException {
        PeerId id = connectedPeer(peer);
        int count = (int) host.connections().stream().filter(c -> c.remotePeer().equals(id)).count();
        await(host.disconnect(id), host.settings().connectTimeout(), "disconnect from " + id);
        return "disconnected " + id + " (" + count + (count == 1 ? " connection)" : " connections)");
    }

    @Descriptor("ping a connected peer 3 times")
    public NetPingResult ping(@Descriptor("peer id") String peer) throws DiscoveryException, InterruptedException {
        return ping(peer, DEFAULT_PINGS);
    }

    @Descriptor("ping a connected peer")
    public NetPingResult ping(@Descriptor("peer id") String peer, @Descriptor("how many, 1..100") int count)
            throws DiscoveryException, InterruptedException {
        if (count < 1 || count > MAX_PINGS) {
            throw new IllegalArgumentException("count must be between 1 and " + MAX_PINGS + ", not " + count);
        }
        PeerId id = connectedPeer(peer);
        List<Duration> rtts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rtts.add(await(host.ping(id), host.settings().connectTimeout(), "ping " + id));
        }
        return NetPingResult.of(id, rtts);
    }

    @Descriptor("connection counts, dials and handshakes in progress, addresses in dial backoff, failures and refusals "
            + "per reason, listener events")
    public NetStatus status() {
        return NetStatus.of(host);
    }

    private PeerId connectedPeer(String text) {
        PeerId id;
        try {
            id = PeerId.fromString(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a peer id: " + e.getMessage());
        }
        if (host.connection(id).isEmpty()) {
            throw new IllegalArgumentException("not connected to " + id);
        }
        return id;
    }

    private static Multiaddr parseAddress(String text) {
        try {
            return Multiaddr.parse(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Waits for {@code future} a little longer than the host's own bound, so the host's error wins. */
    private static <T> T await(CompletableFuture<T> future, Duration limit, String what)
            throws DiscoveryException, InterruptedException {
        long millis = limit.toMillis() + 2000;
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw TransportErrors.of(what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new DiscoveryException(DiscoveryException.Kind.TIMEOUT, what + " did not finish within "
                    + millis + " ms");
        }
    }
}
