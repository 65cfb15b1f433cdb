package org.olocus.discovery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.olocus.discovery.api.Host;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.StreamHandler;
import org.olocus.discovery.api.StreamReceiver;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The transport bundle in a running framework: configured for loopback, it registers a {@link Host} with the
 * coordinator's identity; a {@link StreamHandler} service adds its protocol and takes it away again; stopping or
 * uninstalling the bundle removes the Host, closes the port and leaves no transport thread; it comes back with the
 * same peer id.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransportHotSwapIT {
    private static final String TRANSPORT_PID = "org.olocus.discovery.transport";
    private static final String ECHO = "/olocus/itest/echo/1.0.0";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(OlocusOptions.baseOptions(), OlocusOptions.transportBundles());
    }

    @Test
    public void hostComesAndGoesWithItsBundle() throws Exception {
        ConfigurationAdmin admin = Osgi.service(context, ConfigurationAdmin.class);
        Osgi.configure(admin, TRANSPORT_PID, Map.of("listen_addresses", new String[] {"/ip4/127.0.0.1/tcp/0"}));
        LocalPeer local = Osgi.service(context, LocalPeer.class);
        Bundle transport = context.installBundle(context.getProperty(OlocusOptions.TRANSPORT_BUNDLE));
        transport.start();

        Host host = Osgi.service(context, Host.class);
        assertEquals(local.peerId(), host.peerId());
        InetSocketAddress bound = loopbackListenAddress(host);
        assertTrue("the host accepts TCP on " + bound, accepts(bound));
        assertTrue(host.protocols().toString(), host.protocols().contains("/ipfs/id/1.0.0"));

        Hashtable<String, Object> props = new Hashtable<>();
        props.put(StreamHandler.PROTOCOL, ECHO);
        StreamHandler echo = stream -> (StreamReceiver) (s, data) -> s.write(data);
        ServiceRegistration<StreamHandler> handler = context.registerService(StreamHandler.class, echo, props);
        Await.until("the host serves " + ECHO, WAIT, () -> host.protocols().contains(ECHO));
        handler.unregister();
        Await.until("the host stops serving " + ECHO, WAIT, () -> !host.protocols().contains(ECHO));

        transport.stop();
        assertHostGone(bound);
        transport.start();
        Host again = Osgi.service(context, Host.class);
        assertEquals("the peer id survives a restart of the transport", local.peerId(), again.peerId());
        InetSocketAddress reboundAt = loopbackListenAddress(again);

        String location = transport.getLocation();
        transport.uninstall();
        assertTrue("the transport bundle is gone", context.getBundle(location) == null);
        assertHostGone(reboundAt);
        Bundle reinstalled = context.installBundle(location);
        reinstalled.start();
        assertEquals(local.peerId(), Osgi.service(context, Host.class).peerId());
        assertEquals("the coordinator kept running", Bundle.ACTIVE,
                Osgi.bundle(context, "org.olocus.discovery.coordinator").getState());
    }

    private void assertHostGone(InetSocketAddress formerAddress) throws Exception {
        Await.until("the Host service is gone", WAIT, () -> context.getServiceReference(Host.class) == null);
        assertNull(context.getServiceReference(Host.class));
        Await.until("no olocus-transport thread is left", WAIT, () -> Osgi.threads("olocus-transport").isEmpty());
        assertTrue("the port " + formerAddress + " is closed", !accepts(formerAddress));
    }

    private static InetSocketAddress loopbackListenAddress(Host host) {
        for (Multiaddr address : host.listenAddresses()) {
            var socket = address.toSocketAddress();
            if (socket.isPresent() && socket.get().getAddress().isLoopbackAddress()) {
                assertTrue("a port was picked: " + address, socket.get().getPort() > 0);
                return socket.get();
            }
        }
        throw new AssertionError("no loopback listen address: " + host.listenAddresses());
    }

    private static boolean accepts(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }
}
