package org.olocus.discovery.transport.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.host.TransportComponent;
import org.olocus.discovery.transport.internal.host.TransportTestSupport;

/** The net: shell commands against two transport components on 127.0.0.1. */
class NetCommandsTest {
    private final Ed25519TestPeer alice = new Ed25519TestPeer();
    private final Ed25519TestPeer bob = new Ed25519TestPeer();
    private final TransportTestSupport.Published published = new TransportTestSupport.Published();
    private TransportComponent a;
    private TransportComponent b;
    private NetCommands net;
    private NetCommands bobNet;

    @BeforeEach
    void start() throws Exception {
        a = TransportTestSupport.start(alice, published);
        b = TransportTestSupport.start(bob, published, "agent_version", "bob/2.0");
        net = new NetCommands(TransportTestSupport.host(a));
        bobNet = new NetCommands(TransportTestSupport.host(b));
    }

    @AfterEach
    void stop() {
        TransportTestSupport.stop(a);
        TransportTestSupport.stop(b);
    }

    private String bobAddress() {
        return bobNet.id().addresses().get(0).toString();
    }

    @Test
    void idShowsDialableAddressesProtocolsAndAgent() {
        NetIdentity id = bobNet.id();
        assertEquals(bob.peerId(), id.peerId());
        assertEquals("bob/2.0", id.agent());
        assertEquals(1, id.addresses().size());
        Multiaddr address = id.addresses().get(0);
        assertEquals(bob.peerId(), address.peerId().orElseThrow());
        assertTrue(address.toString().startsWith("/ip4/127.0.0.1/tcp/"), address.toString());
        assertEquals(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"), id.protocols().stream()
                .filter(p -> p.startsWith("/ipfs/id/1") || p.startsWith("/ipfs/ping")).toList());
        String text = id.toString();
        assertTrue(text.startsWith("peer id   " + bob.peerId() + "\nagent     bob/2.0\naddresses\n  " + address),
                text);
        assertTrue(text.contains("\n  /ipfs/ping/1.0.0"), text);
    }

    @Test
    void connectConnectionsPingDisconnect() throws Exception {
        NetConnectionRow row = net.connect(bobAddress());
        assertEquals(bob.peerId(), row.peer());
        assertEquals(ConnectionDirection.OUTBOUND, row.direction());
        assertTrue(row.open());
        assertTrue(row.toString().startsWith(bob.peerId() + " OUTBOUND /ip4/127.0.0.1/tcp/"), row.toString());

        TransportTestSupport.await("identify", () -> net.connections().get(0).agent().equals("bob/2.0"));
        List<NetConnectionRow> rows = net.connections();
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).toString().matches(".* streams \\d+ agent bob/2\\.0"), rows.get(0).toString());
        TransportTestSupport.await("bob lists alice", () -> bobNet.connections().size() == 1);
        assertEquals(ConnectionDirection.INBOUND, bobNet.connections().get(0).direction());

        NetPingResult ping = net.ping(bob.peerId().toString(), 4);
        assertEquals(4, ping.rtts().size());
        assertTrue(ping.min().compareTo(ping.avg()) <= 0 && ping.avg().compareTo(ping.max()) <= 0, ping.toString());
        String text = ping.toString();
        assertTrue(text.startsWith("ping 1 to " + bob.peerId() + ": "), text);
        assertTrue(text.contains("\nmin/avg/max = "), text);
        assertEquals(3, net.ping(bob.peerId().toString()).rtts().size());

        NetStatus status = net.status();
        assertEquals(0, status.inbound());
        assertEquals(1, status.outbound());
        assertEquals(0, status.host().dialling());
        assertTrue(status.counters().containsKey("dial_backoff"), status.counters().toString());
        assertTrue(status.toString().contains("connections    0 in / 1 out"), status.toString());
        assertTrue(status.toString().contains(" dial_backoff=0"), status.toString());
        TransportTestSupport.await("bob counts the inbound one", () -> bobNet.status().inbound() == 1);

        assertEquals("disconnected " + bob.peerId() + " (1 connection)", net.disconnect(bob.peerId().toString()));
        assertTrue(net.connections().isEmpty());
    }

    @Test
    void connectWithoutPeerIdOrToNobodyReportsOneLine() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        DiscoveryException refused = assertThrows(DiscoveryException.class,
                () -> net.connect("/ip4/127.0.0.1/tcp/" + closedPort + "/p2p/" + bob.peerId()));
        assertEquals(DiscoveryException.Kind.NETWORK, refused.kind());
        assertTrue(refused.getMessage().startsWith("NETWORK: connect to /ip4/127.0.0.1/tcp/" + closedPort),
                refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
        DiscoveryException inBackoff = assertThrows(DiscoveryException.class,
                () -> net.connect("/ip4/127.0.0.1/tcp/" + closedPort));
        assertTrue(inBackoff.getMessage().contains("address /ip4/127.0.0.1/tcp/" + closedPort
                + " is in dial backoff until "), inBackoff.getMessage());
        NetStatus status = net.status();
        assertEquals(1, status.host().inBackoff());
        assertTrue(status.toString().contains(", addresses in dial backoff 1\n"), status.toString());
        assertTrue(status.toString().contains(" dial_backoff=1 "), status.toString());

        NetConnectionRow plain = net.connect(TransportTestSupport.host(b).listenAddresses().get(0).toString());
        assertEquals(bob.peerId(), plain.peer(), "without /p2p the handshake proves who answered");
    }

    @Test
    void badArgumentsAreOneLineIllegalArguments() throws Exception {
        IllegalArgumentException address = assertThrows(IllegalArgumentException.class,
                () -> net.connect("/ip4/999.1.1.1/tcp/1"));
        assertTrue(address.getMessage().startsWith("bad ip4 value in /ip4/999.1.1.1/tcp/1"), address.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.connect("not-an-address"));

        IllegalArgumentException peer = assertThrows(IllegalArgumentException.class, () -> net.ping("Qm-nope"));
        assertTrue(peer.getMessage().startsWith("'Qm-nope' is not a peer id"), peer.getMessage());
        IllegalArgumentException notConnected = assertThrows(IllegalArgumentException.class,
                () -> net.ping(bob.peerId().toString()));
        assertEquals("not connected to " + bob.peerId(), notConnected.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.disconnect(bob.peerId().toString()));

        net.connect(bobAddress());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> net.ping(bob.peerId().toString(), 0));
        assertEquals("count must be between 1 and 100, not 0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.ping(bob.peerId().toString(), 101));
    }
}
