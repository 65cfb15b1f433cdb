package org.olocus.discovery.transport.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.olocus.discovery.api.HostListener;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.api.StreamHandler;
import org.olocus.discovery.api.StreamReceiver;
import org.olocus.discovery.transport.internal.Ed25519TestPeer;
import org.olocus.discovery.transport.internal.identify.IdentifyPushProtocol;

/**
 * Two transport components on 127.0.0.1: identify carries the Host's advertised addresses in a signed peer record
 * the other side verifies, and a StreamHandler that comes or goes on one side reaches the other through identify
 * push, as a new {@code identified} event and in {@link PeerConnection#identify()}.
 */
class HostIdentifyPushTest {
    private static final String EXTRA = "/olocus/test/pushed/1.0.0";

    private final Ed25519TestPeer alice = new Ed25519TestPeer();
    private final Ed25519TestPeer bob = new Ed25519TestPeer();
    private final TransportTestSupport.Published published = new TransportTestSupport.Published();
    private final List<IdentifyInfo> aliceHeard = new CopyOnWriteArrayList<>();
    private TransportComponent a;
    private TransportComponent b;

    @BeforeEach
    void start() throws Exception {
        a = TransportTestSupport.start(alice, published);
        b = TransportTestSupport.start(bob, published);
        a.addHostListener(new HostListener() {
            @Override
            public void identified(PeerConnection connection, IdentifyInfo info) {
                aliceHeard.add(info);
            }
        });
    }

    @AfterEach
    void stop() {
        a.deactivate();
        b.deactivate();
    }

    @Test
    void handlersComingAndGoingArePushedAndAddressesAreSigned() throws Exception {
        PeerConnection ab = a.host().connect(b.host().listenAddresses().get(0).withPeerId(bob.peerId()))
                .get(15, TimeUnit.SECONDS);
        TransportTestSupport.await("identify from bob", () -> ab.identify().isPresent());
        IdentifyInfo first = ab.identify().orElseThrow();
        assertTrue(first.signedAddresses());
        assertEquals(b.host().listenAddresses(), first.listenAddresses());
        assertTrue(first.protocols().contains(IdentifyPushProtocol.ID), first.protocols().toString());
        assertFalse(first.protocols().contains(EXTRA));

        StreamHandler handler = stream -> (StreamReceiver) (s, data) -> { };
        b.addStreamHandler(handler, Map.of(StreamHandler.PROTOCOL, EXTRA, "service.id", 7L));
        TransportTestSupport.await("the push of " + EXTRA,
                () -> ab.identify().orElseThrow().protocols().contains(EXTRA));
        TransportTestSupport.await("an identified event with " + EXTRA,
                () -> aliceHeard.stream().anyMatch(i -> i.protocols().contains(EXTRA)));
        assertTrue(ab.identify().orElseThrow().signedAddresses(), "the pushed record verified too");

        b.removeStreamHandler(handler);
        TransportTestSupport.await("the push without " + EXTRA,
                () -> !ab.identify().orElseThrow().protocols().contains(EXTRA));
        assertTrue(ab.isOpen(), "pushes leave the connection as it was");
    }
}
