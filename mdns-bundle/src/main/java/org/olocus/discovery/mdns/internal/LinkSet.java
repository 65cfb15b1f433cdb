package org.olocus.discovery.mdns.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The responders, one per selected interface address, kept in step with the machine: {@link #reconcile} opens a
 * responder for each new address and closes the ones whose address vanished. Runs on the owner's single scheduler
 * thread; opening, advertising and closing run on the {@code links} executor because JmDNS blocks in them.
 */
final class LinkSet {
    private static final Logger LOG = LoggerFactory.getLogger(LinkSet.class);

    /** One row of {@code mdns:status}. */
    record LinkStatus(String link, Responder.State state, long resolveDropped, String lastError) {
        @Override
        public String toString() {
            return link + " " + state + (resolveDropped > 0 ? " resolve-dropped=" + resolveDropped : "")
                    + (lastError.isEmpty() ? "" : " error=" + lastError);
        }
    }

    private final MdnsSettings settings;
    private final ServiceTracker tracker;
    private final ExecutorService resolver;
    private final ExecutorService links;
    private final PeerId self;
    private final OwnRecords own;
    private final Supplier<List<Multiaddr>> announced;
    private final Map<String, Responder> responders = new LinkedHashMap<>();
    private final AtomicLong openFailures = new AtomicLong();

    LinkSet(MdnsSettings settings, ServiceTracker tracker, ExecutorService resolver, ExecutorService links,
            PeerId self, Supplier<List<Multiaddr>> announced) {
        this.settings = settings;
        this.tracker = tracker;
        this.resolver = resolver;
        this.links = links;
        this.self = self;
        this.own = new OwnRecords(self, settings.port());
        this.announced = announced;
    }

    /** Brings the responders in line with {@code wanted}; returns when every new one is browsing. */
    synchronized CompletableFuture<Void> reconcile(Set<LinkAddress> wanted) {
        Map<String, LinkAddress> byKey = new LinkedHashMap<>();
        wanted.forEach(l -> byKey.put(l.key(), l));
        for (String key : new ArrayList<>(responders.keySet())) {
            Responder r = responders.get(key);
            boolean failed = r.state() == Responder.State.FAILED;
            if (!byKey.containsKey(key) || failed) {
                responders.remove(key);
                LOG.info("mDNS link {} {}", key, failed ? "failed, retrying" : "is gone");
                links.execute(r::close);
            } else if (!r.link().onLinkPrefixes().equals(byKey.get(key).onLinkPrefixes())) {
                // The interface's prefixes changed: a new responder sees the new link rules.
                responders.remove(key);
                links.execute(r::close);
            }
        }
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        for (LinkAddress link : byKey.values()) {
            if (responders.containsKey(link.key())) {
                continue;
            }
            Responder r = new Responder(link, settings, tracker, resolver, self, own);
            responders.put(link.key(), r);
            CompletableFuture<Void> browsing = new CompletableFuture<>();
            opened.add(browsing);
            links.execute(() -> openAndAdvertise(r, browsing));
        }
        return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new));
    }

    private void openAndAdvertise(Responder r, CompletableFuture<Void> browsing) {
        try {
            r.open();
            browsing.complete(null);
            LOG.info("mDNS on {} browsing {}", r.link(), settings.serviceTypes());
            r.advertise(announced.get());
        } catch (IOException | RuntimeException e) {
            openFailures.incrementAndGet();
            browsing.complete(null);
        }
    }

    /** Re-advertises with our current addresses on every link (TXT updated where it changed). */
    synchronized void advertiseAll() {
        for (Responder r : responders.values()) {
            links.execute(() -> {
                try {
                    r.advertise(announced.get());
                } catch (IOException | RuntimeException e) {
                    openFailures.incrementAndGet();
                }
            });
        }
    }

    synchronized void sweep() {
        responders.values().forEach(Responder::sweep);
    }

    /** Announces on every link now; returns how many services were sent. */
    synchronized int announceNow() {
        int sent = 0;
        for (Responder r : responders.values()) {
            try {
                sent += r.announce();
                r.query();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Announcing on {} failed: {}", r.link(), e.toString());
            }
        }
        return sent;
    }

    /** Closes every responder in parallel (goodbyes first); the future completes when all are closed. */
    synchronized CompletableFuture<Void> closeAll() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Responder r : responders.values()) {
            closing.add(CompletableFuture.runAsync(r::close, links));
        }
        responders.clear();
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }

    synchronized List<LinkStatus> status() {
        return responders.values().stream().map(r -> new LinkStatus(r.link().key(), r.state(), r.resolveDropped(),
                r.lastError())).toList();
    }

    long openFailures() {
        return openFailures.get();
    }
}
