package org.olocus.discovery.transport.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.transport.internal.connection.HostConfig;
import org.olocus.discovery.transport.internal.connection.Libp2pHost;

/**
 * One js-libp2p fixture node per test class (started by the subclass's {@code @BeforeAll} with
 * {@link #startJs(int)}, stopped by pid after the class) and a fresh Java host on 127.0.0.1 per test.
 */
public abstract class JsPeerTestBase {
    protected static final Duration WAIT = Duration.ofSeconds(20);
    protected static JsPeerProcess js;
    protected static PeerId jsId;
    protected static Multiaddr jsAddr;

    protected Ed25519TestPeer us;
    protected Libp2pHost host;
    protected Multiaddr ourAddr;

    /** Starts the fixture node with the key made from {@code seed} and reads its id and address. */
    protected static void startJs(int seed) throws Exception {
        JsPeerProcess.requireFixture();
        js = JsPeerProcess.start(seed);
        String[] self = js.await(0, l -> l.startsWith("SELF "), WAIT, "SELF line").split(" ");
        jsId = PeerId.fromString(self[1]);
        jsAddr = Multiaddr.parse(self[2].split(",")[0]);
        assertTrue(jsAddr.toString().startsWith("/ip4/127.0.0.1/tcp/"), jsAddr.toString());
    }

    @AfterAll
    protected static void stopJs() throws Exception {
        if (js != null) {
            js.close();
            js = null;
        }
    }

    @BeforeEach
    protected void startHost() throws Exception {
        us = new Ed25519TestPeer();
        host = new Libp2pHost(us, HostConfig.defaults());
        ourAddr = host.listen(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    protected void stopHost() {
        host.close();
    }
}
