package org.olocus.discovery.transport.internal.host;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.olocus.discovery.api.HostListener;
import org.olocus.discovery.api.IdentifyInfo;
import org.olocus.discovery.api.PeerConnection;
import org.olocus.discovery.support.internal.NamedThreadFactory;
import org.olocus.discovery.support.internal.Shutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers connection events to {@link HostListener} whiteboard services, in order, from one thread
 * ({@value #THREAD}) so that a slow listener never holds up an I/O thread. At most {@code capacity} events wait in
 * the queue; beyond that events are not dropped (a lost {@code disconnected} would leave a peer connected for good)
 * but coalesce into the latest state of their connection ({@link CoalescedEvents}, bounded by peers and open
 * connections), delivered after the queue and counted. A listener that joins late first hears {@code connected}
 * (and {@code identified}, when known) for every connection open at that point of the event sequence; a listener
 * that throws is logged and skipped.
 */
public final class HostEventDispatcher implements AutoCloseable {
    private static final String THREAD_NAME = "transport-events";
    static final String THREAD = NamedThreadFactory.PREFIX + THREAD_NAME;
    private static final Logger LOG = LoggerFactory.getLogger(HostEventDispatcher.class);

    private final int capacity;
    private final ExecutorService thread;
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    /** Guards the choice between queue and {@link #overflow}, so each connection's events keep their order. */
    private final Object order = new Object();
    /** Guarded by {@link #order}: events that found the queue full. */
    private final CoalescedEvents overflow = new CoalescedEvents();
    private final AtomicLong listenerFailures = new AtomicLong();
    /** Listeners that hear events; removal takes effect at once, joining goes through the event thread. */
    private final List<HostListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<HostListener> registered = ConcurrentHashMap.newKeySet();
    /** Event thread only: the open connections as the event sequence has told them, with their identify. */
    private final Map<PeerConnection, Optional<IdentifyInfo>> open = new LinkedHashMap<>();

    HostEventDispatcher(int capacity) {
        this.capacity = capacity;
        // the queue itself is unbounded so that listener joins are never lost; events are bounded by queuedEvents
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                NamedThreadFactory.single(THREAD_NAME));
    }

    /** Adds {@code listener}; it first hears the open connections, then every later event. */
    void addListener(HostListener listener) {
        registered.add(listener);
        control(() -> {
            if (!registered.contains(listener) || listeners.contains(listener)) {
                return;
            }
            open.forEach((connection, info) -> {
                call(listener, "connected", l -> l.connected(connection));
                info.ifPresent(i -> call(listener, "identified", l -> l.identified(connection, i)));
            });
            listeners.add(listener);
        });
    }

    /** Removes {@code listener}: it hears nothing more once this returns (but a call in progress may finish). */
    void removeListener(HostListener listener) {
        registered.remove(listener);
        listeners.remove(listener);
    }

    void connected(PeerConnection connection) {
        event(() -> deliverConnected(connection), o -> o.connected(connection));
    }

    void identified(PeerConnection connection, IdentifyInfo info) {
        event(() -> deliverIdentified(connection, info), o -> o.identified(connection, info));
    }

    void disconnected(PeerConnection connection) {
        event(() -> deliverDisconnected(connection), o -> o.disconnected(connection));
    }

    /** Events handed to listeners (one per listener call). */
    public long delivered() {
        return delivered.get();
    }

    /** Events that found {@code capacity} events waiting and were folded into their connection's latest state. */
    public long coalesced() {
        return coalesced.get();
    }

    /** Listener calls that threw. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    /** Events waiting for the event thread. */
    int queued() {
        return queuedEvents.get();
    }

    /**
     * Delivers what is queued (for at most 2 s: the {@code disconnected} events of a host that just closed), then
     * stops the thread; listeners hear nothing afterwards.
     */
    @Override
    public void close() {
        thread.shutdown();
        if (!Shutdown.await(thread, Duration.ofSeconds(2))) { // interrupted too: then stop at once
            listeners.clear();
            Shutdown.now(thread, THREAD + " (a HostListener is blocking)", Duration.ofSeconds(5));
        }
        listeners.clear();
        registered.clear();
    }

    /**
     * Queues the event's delivery, or, when the queue is full or events already coalesce, folds it into
     * {@link #overflow}; the first event there schedules its delivery behind the queue.
     */
    private void event(Runnable deliver, Consumer<CoalescedEvents> coalesce) {
        synchronized (order) {
            if (overflow.isEmpty() && queuedEvents.get() < capacity) {
                queuedEvents.incrementAndGet();
                control(() -> {
                    queuedEvents.decrementAndGet();
                    deliver.run();
                });
                return;
            }
            boolean first = overflow.isEmpty();
            coalesce.accept(overflow);
            long n = coalesced.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1, 2, 4, 8 …: a flood does not flood the log
                LOG.warn("HostListener events are {} behind; {} events coalesced per connection so far", capacity, n);
            }
            if (first) {
                control(this::deliverCoalesced);
            }
        }
    }

    private void deliverCoalesced() {
        List<CoalescedEvents.Event> events;
        synchronized (order) {
            events = overflow.takeAll();
        }
        for (CoalescedEvents.Event e : events) {
            switch (e.kind()) {
                case CONNECTED -> deliverConnected(e.connection());
                case IDENTIFIED -> deliverIdentified(e.connection(), e.info());
                case DISCONNECTED -> deliverDisconnected(e.connection());
            }
        }
    }

    // --- event thread ------------------------------------------------------------------------------------------

    private void deliverConnected(PeerConnection connection) {
        open.put(connection, Optional.empty());
        listeners.forEach(l -> call(l, "connected", x -> x.connected(connection)));
    }

    private void deliverIdentified(PeerConnection connection, IdentifyInfo info) {
        open.computeIfPresent(connection, (c, old) -> Optional.of(info));
        listeners.forEach(l -> call(l, "identified", x -> x.identified(connection, info)));
    }

    private void deliverDisconnected(PeerConnection connection) {
        open.remove(connection);
        listeners.forEach(l -> call(l, "disconnected", x -> x.disconnected(connection)));
    }

    private void control(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nobody listens any more
        }
    }

    private void call(HostListener listener, String name, Consumer<HostListener> call) {
        try {
            call.accept(listener);
            delivered.incrementAndGet();
        } catch (RuntimeException | LinkageError e) {
            listenerFailures.incrementAndGet();
            LOG.warn("HostListener {} failed on {}: {}", listener, name, e.toString(), e);
        }
    }
}
