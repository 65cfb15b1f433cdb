package org.olocus.discovery.mdns.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JmDNS instance bound to one interface address: it answers for our services on that link only, browses the
 * service types there and hands what it hears to the {@link ServiceTracker}. Opening and advertising may block
 * (JmDNS probes for ~1 s before announcing); closing sends goodbyes and takes ~2 s. The owner runs both off its
 * critical path.
 */
final class Responder {
    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);
    /** How long one resolution may wait for SRV/TXT/A answers. */
    static final long RESOLVE_TIMEOUT_MS = 1000;
    /** libp2p peers answer with PTR and TXT only; their TXT may be cached a moment after the PTR event. */
    private static final int TXT_WAIT_TRIES = 10;
    private static final long TXT_WAIT_MS = 20;

    /** State shown by {@code mdns:status}. */
    enum State { OPENING, BROWSING, ADVERTISED, FAILED, CLOSED }

    private final LinkAddress link;
    private final MdnsSettings settings;
    private final ServiceTracker tracker;
    private final Executor resolver;
    private final String hostName;
    private final OwnRecords own;
    private final Map<String, ServiceInfo> registered = new ConcurrentHashMap<>();
    private final AtomicLong resolveDropped = new AtomicLong();
    private volatile JmDNS jmdns;
    private volatile State state = State.OPENING;
    private volatile String lastError = "";

    Responder(LinkAddress link, MdnsSettings settings, ServiceTracker tracker, Executor resolver, PeerId self,
              OwnRecords own) {
        this.own = own;
        this.link = link;
        this.settings = settings;
        this.tracker = tracker;
        this.resolver = resolver;
        this.hostName = hostName(self, link.address());
    }

    /** A host label unique per address: {@code olocus-<end of peer id>-<hash of address>}. */
    static String hostName(PeerId self, InetAddress address) {
        String id = self.toString().toLowerCase(Locale.ROOT);
        String tail = id.substring(Math.max(0, id.length() - 10));
        return "olocus-" + tail + "-" + HexFormat.of().toHexDigits(Arrays.hashCode(address.getAddress()));
    }

    LinkAddress link() {
        return link;
    }

    State state() {
        return state;
    }

    String lastError() {
        return lastError;
    }

    long resolveDropped() {
        return resolveDropped.get();
    }

    /** Opens the socket, starts browsing and asks the link at once for every service type. */
    void open() throws IOException {
        try {
            JmDNS j = JmDNS.create(link.address(), hostName);
            jmdns = j;
            for (String type : settings.serviceTypes()) {
                j.addServiceListener(type, new Listener(type));
                JmdnsWire.query(j, type);
            }
            state = State.BROWSING;
            LOG.debug("mDNS responder on {} browsing {}", link, settings.serviceTypes());
        } catch (IOException | RuntimeException e) {
            fail("cannot open mDNS on " + link + ": " + e);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /**
     * Registers our services (or updates their TXT when our addresses changed). Blocks while JmDNS probes; calls
     * are serialized, or a second call during the first probe would register the name twice and JmDNS would
     * rename one {@code "<id> (2)"}.
     */
    synchronized void advertise(List<Multiaddr> announced) throws IOException {
        JmDNS j = jmdns;
        if (j == null) {
            return;
        }
        try {
            int port = own.srvPort(link, announced);
            for (String type : settings.serviceTypes()) {
                ServiceInfo existing = registered.get(type);
                if (existing != null && existing.getPort() != port) {
                    // The port is in the SRV record, which JmDNS cannot change in place: announce it anew.
                    j.unregisterService(existing);
                    registered.remove(type);
                    existing = null;
                }
                if (port == 0) {
                    continue; // nothing of ours listens: advertise nothing rather than a dead port
                }
                boolean olocus = type.equals(settings.serviceType());
                byte[] text = (olocus ? own.olocusTxt(link, announced) : own.libp2pTxt(link, announced)).encode();
                if (existing == null) {
                    String name = olocus ? own.olocusInstanceName() : own.libp2pInstanceName();
                    ServiceInfo info = ServiceInfo.create(type, name, port, 0, 0, text);
                    long t = System.nanoTime();
                    j.registerService(info);
                    registered.put(type, info);
                    LOG.debug("{}: registered {} in {} ms", link, info.getQualifiedName(), (System.nanoTime() - t) / 1_000_000);
                } else if (!Arrays.equals(existing.getTextBytes(), text)) {
                    existing.setText(text);
                }
            }
            if (state != State.CLOSED) {
                state = State.ADVERTISED;
            }
        } catch (IOException | RuntimeException e) {
            fail("cannot advertise on " + link + ": " + e);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Re-sends our records now; returns how many services were announced. */
    int announce() throws IOException {
        JmDNS j = jmdns;
        return j == null ? 0 : JmdnsWire.announce(j, settings.ttlSeconds());
    }

    /** Asks the link again for every service type. */
    void query() throws IOException {
        JmDNS j = jmdns;
        if (j != null) {
            for (String type : settings.serviceTypes()) {
                JmdnsWire.query(j, type);
            }
        }
    }

    /** Forgets services whose PTR expired or got a goodbye, without waiting for JmDNS's 10 s reaper. */
    void sweep() {
        JmDNS j = jmdns;
        if (j == null) {
            return;
        }
        for (ServiceTracker.Seen seen : tracker.services()) {
            if (seen.link().key().equals(link.key()) && !JmdnsWire.pointerAlive(j, seen.serviceType(),
                    seen.instanceName() + "." + seen.serviceType())) {
                tracker.removed(seen.key());
            }
        }
    }

    /** Sends goodbyes, closes the socket and JmDNS's threads, and forgets what this link told us. */
    void close() {
        JmDNS j = jmdns;
        state = State.CLOSED;
        jmdns = null;
        if (j != null) {
            try {
                j.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Closing mDNS on {} failed: {}", link, e.toString());
            }
        }
        tracker.linkClosed(link);
    }

    private void fail(String message) {
        state = State.FAILED;
        lastError = message;
        LOG.warn(message);
    }

    /** After {@code serviceAdded}: asks for SRV/TXT/A when the announcement did not carry them. */
    private void resolve(String type, String name) {
        JmDNS j = jmdns;
        if (j == null) {
            return;
        }
        String qualified = name + "." + type;
        ServiceInfo info = null;
        if (type.equalsIgnoreCase(settings.serviceType())) {
            info = j.getServiceInfo(type, name, RESOLVE_TIMEOUT_MS);
            if (info == null) {
                return;
            }
        } else {
            List<byte[]> texts = JmdnsWire.cachedTexts(j, qualified, TxtRecord.MAX_ENTRIES);
            for (int i = 0; i < TXT_WAIT_TRIES && texts.isEmpty(); i++) {
                if (!sleep(TXT_WAIT_MS)) {
                    return;
                }
                texts = JmdnsWire.cachedTexts(j, qualified, TxtRecord.MAX_ENTRIES);
            }
            if (texts.isEmpty()) {
                // go-libp2p answers a direct query; js-libp2p only answers PTR queries and sent its TXT already.
                // With TXT in hand we need nothing else: libp2p's dnsaddr values carry the addresses.
                info = j.getServiceInfo(type, name, RESOLVE_TIMEOUT_MS / 2);
            }
        }
        track(type, name, info);
    }

    /** Hands what the cache holds for one instance to the tracker, unless it is leaving (goodbye or expiry). */
    private void track(String type, String name, ServiceInfo info) {
        JmDNS j = jmdns;
        String qualified = name + "." + type;
        if (j == null || !JmdnsWire.pointerAlive(j, type, qualified)) {
            return;
        }
        List<byte[]> texts = JmdnsWire.cachedTexts(j, qualified, TxtRecord.MAX_ENTRIES);
        if (texts.isEmpty()) {
            // No live TXT record (not heard yet, or a goodbye is under way): nothing to decide on.
            return;
        }
        List<InetAddress> addresses = info == null ? List.of() : List.of(info.getInetAddresses());
        int port = info == null ? 0 : info.getPort();
        LOG.debug("{}: {} resolved ({} TXT, port {}, {})", link, name, texts.size(), port, addresses);
        tracker.resolved(new ResolvedService(link, type, name, port, addresses, texts));
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** JmDNS calls this on its own thread; the work happens on ours. */
    private final class Listener implements ServiceListener {
        private final String type;

        Listener(String type) {
            this.type = type.toLowerCase(Locale.ROOT);
        }

        @Override
        public void serviceAdded(ServiceEvent event) {
            String name = event.getName();
            if (own.isOurs(name)) {
                return;
            }
            LOG.debug("{}: {} added", link, name);
            if (!tracker.hasRoom(ServiceTracker.key(link, type, name))) {
                tracker.countOverLimit();
                return;
            }
            submit(() -> resolve(type, name));
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            tracker.removed(ServiceTracker.key(link, type, event.getName()));
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            // Never query from here: a query's answers resolve the service again, and again.
            String name = event.getName();
            ServiceInfo info = event.getInfo();
            if (!own.isOurs(name) && tracker.hasRoom(ServiceTracker.key(link, type, name))) {
                submit(() -> track(type, name, info));
            }
        }

        private void submit(Runnable work) {
            try {
                resolver.execute(work);
            } catch (RejectedExecutionException e) {
                resolveDropped.incrementAndGet();
            }
        }
    }
}
