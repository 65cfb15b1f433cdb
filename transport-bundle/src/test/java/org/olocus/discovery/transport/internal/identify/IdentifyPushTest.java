package org.olocus.discovery.transport.internal.identify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.TestStreams;
import org.olocus.discovery.transport.internal.connection.HostConfig;
import org.olocus.discovery.transport.internal.connection.Libp2pConnection;
import org.olocus.discovery.transport.internal.connection.Libp2pHost;
import org.olocus.discovery.transport.internal.connection.Libp2pStream;

/**
 * Identify push and signed peer records between two Java hosts on 127.0.0.1, each wired as the host will be:
 * {@code handle(IdentifyPushProtocol.ID, …)} delivering to a queue, {@link PeerRecordVerifier} on what arrives.
 */
class IdentifyPushTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    /** One delivered push and the connection it came over. */
    private record Pushed(Libp2pConnection connection, IdentifyMessage message) {
    }

    private final BlockingQueue<Pushed> pushedToB = new LinkedBlockingQueue<>();
    private final PeerRecordVerifier verifier = new PeerRecordVerifier();
    private Ed25519TestPeer alice;
    private Ed25519TestPeer bob;
    private Libp2pHost a;
    private Libp2pHost b;
    private Multiaddr aAddr;
    private Multiaddr bAddr;

    @BeforeEach
    void start() throws Exception {
        alice = new Ed25519TestPeer();
        bob = new Ed25519TestPeer();
        a = new Libp2pHost(alice, HostConfig.defaults());
        b = new Libp2pHost(bob, HostConfig.defaults());
        aAddr = a.listen(LOOPBACK);
        bAddr = b.listen(LOOPBACK);
        // B's pushes are collected here instead of the host's own handling; A plays a peer without push
        b.handle(IdentifyPushProtocol.ID, stream -> IdentifyPushProtocol.serve(stream,
                (connection, message) -> pushedToB.add(new Pushed(connection, message))));
        a.unhandle(IdentifyPushProtocol.ID);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void identifyCarriesASignedRecordThatVerifiesBothWays() throws Exception {
        Libp2pConnection ab = a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        IdentifyMessage aboutBob = ab.remoteIdentify().get(10, TimeUnit.SECONDS);
        assertEquals(Optional.of(List.of(bAddr)), verifier.verifiedAddresses(aboutBob, bob.peerId()));
        assertTrue(aboutBob.protocols().contains(IdentifyPushProtocol.ID), aboutBob.protocols().toString());

        Libp2pConnection ba = connectionOf(b, alice.peerId());
        IdentifyMessage aboutAlice = ba.remoteIdentify().get(10, TimeUnit.SECONDS);
        assertEquals(Optional.of(List.of(aAddr)), verifier.verifiedAddresses(aboutAlice, alice.peerId()));
        // the record is someone else's for any other connection
        assertEquals(Optional.empty(), verifier.verifiedAddresses(aboutAlice, bob.peerId()));
        assertEquals(1, verifier.refused(PeerRecordVerifier.Refusal.WRONG_PEER));
    }

    @Test
    void pushCarriesNewAddressesWithANewerRecord() throws Exception {
        Libp2pConnection ab = a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        ab.remoteIdentify().get(10, TimeUnit.SECONDS); // A learns that B serves push
        Libp2pConnection ba = connectionOf(b, alice.peerId());
        IdentifyMessage first = ba.remoteIdentify().get(10, TimeUnit.SECONDS);
        PeerRecordSequence seen = new PeerRecordSequence();
        assertEquals(Optional.of(List.of(aAddr)), verifier.verifiedAddresses(first, alice.peerId(), seen));

        Multiaddr second = a.listen(LOOPBACK);
        assertEquals(1L, IdentifyPushProtocol.pushToAll(a).get(10, TimeUnit.SECONDS));
        Pushed pushed = pushedToB.poll(10, TimeUnit.SECONDS);
        assertTrue(pushed != null, "no push delivered");
        assertEquals(alice.peerId(), pushed.connection().remotePeer());
        assertEquals(List.of(aAddr, second), pushed.message().listenAddrs());
        assertEquals(Optional.of(List.of(aAddr, second)),
                verifier.verifiedAddresses(pushed.message(), alice.peerId(), seen));
        assertTrue(seen.highest().orElseThrow() > PeerRecord.open(first.signedPeerRecord()).seq());

        // the host's view after the push: the update over what identify said
        IdentifyMessage current = first.updatedBy(pushed.message());
        assertEquals(List.of(aAddr, second), current.listenAddrs());
        assertEquals(first.agentVersion(), current.agentVersion());

        // A does not serve push (its handler removed), so B has nobody to push to
        assertEquals(0L, IdentifyPushProtocol.pushToAll(b).get(10, TimeUnit.SECONDS));
    }

    @Test
    void partialPushKeepsWhatItLeavesOut() throws Exception {
        Libp2pConnection ab = a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        IdentifyMessage protocolsOnly = new IdentifyMessage(null, null, null, List.of(), null,
                List.of("/new/1.0.0"), null, 0);
        IdentifyPushProtocol.push(ab, protocolsOnly).get(10, TimeUnit.SECONDS);
        Pushed pushed = pushedToB.poll(10, TimeUnit.SECONDS);
        assertTrue(pushed != null, "no push delivered");
        IdentifyMessage first = pushed.connection().remoteIdentify().get(10, TimeUnit.SECONDS);
        IdentifyMessage current = first.updatedBy(pushed.message());
        assertEquals(List.of("/new/1.0.0"), current.protocols());
        assertEquals(first.listenAddrs(), current.listenAddrs());
        assertEquals(alice.publicKey(), current.publicKey());
        assertArrayEquals(first.signedPeerRecord(), current.signedPeerRecord());
    }

    @Test
    void pushWithAnotherPeersKeyIsRefusedAndTheConnectionLivesOn() throws Exception {
        Libp2pConnection ab = a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        IdentifyMessage impostor = new IdentifyMessage(null, "x", new Ed25519TestPeer().publicKey(), List.of(),
                null, List.of(), null, 0);
        TestStreams.Collector refused = writeRaw(ab, UvarintFrames.frame(impostor.encode()));
        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.done.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("reset"), e.getCause().toString());

        assertGoodPushStillArrives(ab);
    }

    @Test
    void splitPushIsMergedAndGarbageIsRefused() throws Exception {
        Libp2pConnection ab = a.dial(bAddr.withPeerId(bob.peerId())).get(10, TimeUnit.SECONDS);
        Multiaddr x = Multiaddr.parse("/ip4/127.0.0.1/tcp/1111");
        Multiaddr y = Multiaddr.parse("/ip4/127.0.0.1/tcp/2222");
        byte[] part1 = UvarintFrames.frame(new IdentifyMessage(null, "v1", null, List.of(x), null, List.of("/p/1"),
                null, 0).encode());
        byte[] part2 = UvarintFrames.frame(new IdentifyMessage(null, "v2", null, List.of(y, x), null,
                List.of("/p/2"), null, 0).encode());
        byte[] both = new byte[part1.length + part2.length];
        System.arraycopy(part1, 0, both, 0, part1.length);
        System.arraycopy(part2, 0, both, part1.length, part2.length);
        writeRaw(ab, both).done.get(10, TimeUnit.SECONDS);
        IdentifyMessage merged = pushedToB.poll(10, TimeUnit.SECONDS).message();
        assertEquals(List.of(x, y), merged.listenAddrs());
        assertEquals(List.of("/p/1", "/p/2"), merged.protocols());
        assertEquals("v2", merged.agentVersion());
        assertNull(merged.publicKey());

        byte[][] hostile = {
            {(byte) 0xA9, 0x46}, // a length of 9001 > 8 KiB
            {0x05, 0x0A, 0x03, 1}, // a message cut short by the close
            UvarintFrames.frame(new byte[] {0x0A, 0x02, 0x08, 0x01}), // a bad key
            new byte[IdentifyPushProtocol.MAX_MESSAGES + 1], // empty messages, one more than allowed
        };
        for (byte[] bytes : hostile) {
            TestStreams.Collector c = writeRaw(ab, bytes);
            assertThrows(ExecutionException.class, () -> c.done.get(10, TimeUnit.SECONDS));
        }
        assertGoodPushStillArrives(ab);
    }

    @Test
    void pushToAPeerThatDoesNotServeItFailsAlone() throws Exception {
        Libp2pConnection ba = b.dial(aAddr.withPeerId(alice.peerId())).get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> IdentifyPushProtocol.push(ba,
                IdentifyProtocol.ourMessage(b, ba)).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("does not speak"), e.getCause().toString());
        assertTrue(b.ping(ba).get(10, TimeUnit.SECONDS).toNanos() > 0);
    }

    /** Opens a push stream from A, writes {@code bytes} and closes; the collector sees B's answer. */
    private static TestStreams.Collector writeRaw(Libp2pConnection ab, byte[] bytes) throws Exception {
        TestStreams.Collector collector = new TestStreams.Collector();
        Libp2pStream stream = ab.newStream(IdentifyPushProtocol.ID, s -> collector).get(10, TimeUnit.SECONDS);
        stream.write(bytes).get(10, TimeUnit.SECONDS);
        stream.closeWrite();
        return collector;
    }

    /** Nothing from the refused pushes was delivered, and a good push on the same connection still is. */
    private void assertGoodPushStillArrives(Libp2pConnection ab) throws Exception {
        IdentifyPushProtocol.push(ab, IdentifyProtocol.ourMessage(a, ab)).get(10, TimeUnit.SECONDS);
        Pushed pushed = pushedToB.poll(10, TimeUnit.SECONDS);
        assertTrue(pushed != null, "the good push was not delivered");
        assertEquals(alice.publicKey(), pushed.message().publicKey(), "a refused push was delivered first");
        assertEquals(Optional.of(List.of(aAddr)), verifier.verifiedAddresses(pushed.message(), alice.peerId()));
        assertTrue(pushedToB.isEmpty());
    }

    private static Libp2pConnection connectionOf(Libp2pHost host, PeerId peer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Libp2pConnection c : host.connections()) {
                if (c.remotePeer().equals(peer)) {
                    return c;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no connection from " + peer + " within 10 s");
    }
}
