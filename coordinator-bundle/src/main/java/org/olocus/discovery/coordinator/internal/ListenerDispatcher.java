package org.olocus.discovery.coordinator.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerListener;
import org.olocus.discovery.support.internal.NamedThreadFactory;
import org.olocus.discovery.support.internal.Shutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link PeerListener} whiteboard what changed, in order, on a thread of its own: a slow listener delays
 * only other listeners, never the store. Events beyond a bounded backlog are dropped and counted.
 */
final class ListenerDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatcher.class);
    private static final int BACKLOG = 10_000;

    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(BACKLOG), new NamedThreadFactory("coordinator-events"));
    private final AtomicLong dropped = new AtomicLong();

    void addListener(PeerListener l) {
        listeners.add(l);
    }

    void removeListener(PeerListener l) {
        listeners.remove(l);
    }

    void added(PeerInfo peer) {
        dispatch(l -> l.peerAdded(peer));
    }

    void updated(PeerInfo before, PeerInfo after) {
        dispatch(l -> l.peerUpdated(before, after));
    }

    void removed(PeerInfo peer) {
        dispatch(l -> l.peerRemoved(peer));
    }

    long dropped() {
        return dropped.get();
    }

    private void dispatch(Consumer<PeerListener> event) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            thread.execute(() -> {
                for (PeerListener l : listeners) {
                    try {
                        event.accept(l);
                    } catch (RuntimeException e) {
                        LOG.warn("Peer listener {} failed: {}", l, e.toString());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void close() {
        Shutdown.now(thread, "coordinator-events", Duration.ofSeconds(5));
    }
}
