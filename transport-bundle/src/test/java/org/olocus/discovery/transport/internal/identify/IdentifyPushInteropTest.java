package org.olocus.discovery.transport.internal.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.JsPeerTestBase;
import org.olocus.discovery.transport.internal.TestStreams;
import org.olocus.discovery.transport.internal.connection.ConnectionObserver;
import org.olocus.discovery.transport.internal.connection.Libp2pConnection;

/**
 * Signed peer records and identify push against a real js-libp2p 3.3 node (npm fixture, 127.0.0.1 only): js's
 * record verifies with our code and gives js's addresses; js accepts ours, and refuses a tampered one; a protocol
 * js starts serving reaches us by push, and one we start serving reaches js by push.
 *
 * <p>js-libp2p dispatches {@code peer:identify} (the fixture's {@code IDENTIFIED} line) only after its
 * {@code consumeIdentifyMessage} opened the signed peer record and checked its signer against the connection's
 * peer; a record that fails throws before the event. So an {@code IDENTIFIED} line for our node proves that js
 * accepted our record, and the tampered case shows the converse.
 */
class IdentifyPushInteropTest extends JsPeerTestBase {
    /** How long js gets to (not) accept a tampered record after it received it; it accepts a good one in ms. */
    private static final Duration REFUSAL_GRACE = Duration.ofSeconds(4);

    private final PeerRecordVerifier verifier = new PeerRecordVerifier();

    @BeforeAll
    static void startJsNode() throws Exception {
        startJs(23);
    }

    @Test
    void jsRecordVerifiesAndGivesJsAddresses() throws Exception {
        Libp2pConnection connection = host.dial(jsAddr).get(20, TimeUnit.SECONDS);
        IdentifyMessage aboutJs = connection.remoteIdentify().get(20, TimeUnit.SECONDS);
        long now = Instant.now().toEpochMilli();
        assertTrue(aboutJs.signedPeerRecord() != null, "js sent no signed peer record");

        Optional<List<Multiaddr>> verified = verifier.verifiedAddresses(aboutJs, connection.remotePeer());
        assertTrue(verified.isPresent(), "refused: " + verifier.refusals());
        assertTrue(verified.get().contains(jsAddr.withoutPeerId()), verified.get().toString());

        PeerRecord record = PeerRecord.open(aboutJs.signedPeerRecord());
        assertEquals(jsId, record.peerId());
        // js-libp2p's seq is Date.now(), in milliseconds, of when it made the record (the fixture lives ≤ 10 min)
        assertTrue(record.seq() <= now && record.seq() > now - 600_000,
                "seq " + record.seq() + " is not a recent millisecond time");
    }

    @Test
    void jsAcceptsOurSignedRecord() throws Exception {
        int mark = js.mark();
        Libp2pConnection connection = host.dial(jsAddr).get(20, TimeUnit.SECONDS);
        PeerRecord ours = PeerRecord.open(IdentifyProtocol.ourMessage(host, connection).signedPeerRecord());
        assertEquals(List.of(ourAddr), ours.addresses());
        String line = js.await(mark, l -> l.startsWith("IDENTIFIED " + us.peerId() + " "), WAIT,
                "identify of our node");
        assertTrue(line.contains(ourAddr.toString()), line);
    }

    @Test
    void jsRefusesATamperedRecord() throws Exception {
        CompletableFuture<Void> served = new CompletableFuture<>();
        host.handle(IdentifyProtocol.ID, stream -> {
            IdentifyMessage good = IdentifyProtocol.ourMessage(host, stream.connection());
            byte[] record = good.signedPeerRecord();
            record[record.length - 1] ^= 1; // the signature is the envelope's last field
            IdentifyMessage tampered = new IdentifyMessage(good.protocolVersion(), good.agentVersion(),
                    good.publicKey(), good.listenAddrs(), good.observedAddr(), good.protocols(), record, 0);
            stream.write(UvarintFrames.frame(tampered.encode())).whenComplete((v, e) -> served.complete(null));
            stream.closeWrite();
            return new TestStreams.Collector();
        });
        int mark = js.mark();
        js.send("DIAL " + ourAddr.withPeerId(us.peerId()));
        js.await(mark, l -> l.equals("DIALED " + us.peerId()), WAIT, "DIALED line");
        served.get(20, TimeUnit.SECONDS);
        assertThrows(AssertionError.class, () -> js.await(mark, l -> l.startsWith("IDENTIFIED " + us.peerId()),
                REFUSAL_GRACE, "identify of our node"), "js accepted a tampered peer record");

        // the connection itself is fine: js still pings us
        int pingMark = js.mark();
        js.send("PING " + ourAddr.withPeerId(us.peerId()));
        String pinged = js.await(pingMark, l -> l.startsWith("PING"), WAIT, "PING answer");
        assertTrue(pinged.startsWith("PINGED "), pinged);
    }

    @Test
    void aProtocolJsStartsServingIsPushedToUs() throws Exception {
        BlockingQueue<IdentifyMessage> heard = new LinkedBlockingQueue<>();
        host.observe(new ConnectionObserver() {
            @Override
            public void opened(Libp2pConnection connection) {
            }

            @Override
            public void identified(Libp2pConnection connection, IdentifyMessage message) {
                if (connection.remotePeer().equals(jsId)) {
                    heard.add(message);
                }
            }

            @Override
            public void closed(Libp2pConnection connection) {
            }
        });
        int mark = js.mark();
        Libp2pConnection connection = host.dial(jsAddr).get(20, TimeUnit.SECONDS);
        assertTrue(connection.remoteIdentify().get(20, TimeUnit.SECONDS).protocols().contains(IdentifyPushProtocol.ID));
        js.await(mark, l -> l.startsWith("IDENTIFIED " + us.peerId() + " "), WAIT, "js knows we serve push");

        String jsNew = "/olocus/test/js-pushed/" + System.nanoTime();
        js.send("HANDLE " + jsNew);
        js.await(mark, l -> l.equals("HANDLED " + jsNew), WAIT, "HANDLED line");
        long deadline = System.nanoTime() + WAIT.toNanos();
        IdentifyMessage pushed = null;
        while (pushed == null && System.nanoTime() < deadline) {
            IdentifyMessage m = heard.poll(1, TimeUnit.SECONDS);
            if (m != null && m.protocols().contains(jsNew)) {
                pushed = m;
            }
        }
        assertTrue(pushed != null, "js never pushed " + jsNew);
        assertTrue(connection.latestIdentify().protocols().contains(jsNew));
        assertTrue(verifier.verifiedAddresses(pushed, jsId).isPresent(), "js's pushed record: " + verifier.refusals());
    }

    @Test
    void aProtocolWeStartServingIsPushedToJs() throws Exception {
        int mark = js.mark();
        Libp2pConnection connection = host.dial(jsAddr).get(20, TimeUnit.SECONDS);
        assertTrue(connection.remoteIdentify().get(20, TimeUnit.SECONDS).protocols().contains(IdentifyPushProtocol.ID),
                "js serves identify push");
        js.await(mark, l -> l.startsWith("IDENTIFIED " + us.peerId() + " "), WAIT, "identify of our node");

        String ourNew = "/olocus/test/java-pushed/" + System.nanoTime();
        host.handle(ourNew, stream -> new TestStreams.Collector());
        int pushMark = js.mark();
        assertEquals(1L, IdentifyPushProtocol.pushToAll(host).get(20, TimeUnit.SECONDS));
        String line = js.await(pushMark, l -> l.startsWith("IDENTIFIED " + us.peerId() + " ") && l.contains(ourNew),
                WAIT, "js's view of us after the push");
        assertTrue(line.contains(ourAddr.toString()), line);
    }
}
