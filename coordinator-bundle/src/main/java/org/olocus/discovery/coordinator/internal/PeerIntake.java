package org.olocus.discovery.coordinator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryException;
import org.olocus.discovery.api.Multiaddr;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerStore;
import org.olocus.discovery.api.StoreUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into the peer store. A single owner thread ({@link StoreWriter}) does every write — merges of
 * discovered peers, removals, expiry, and the hand-over between stores — so the store sees one writer and
 * listeners see events in order.
 *
 * <p>Stopping ({@link #close}) never interrupts that thread, which may be inside the store's disk I/O: it refuses
 * new work and writes what was accepted, merges batched ({@link StopBatch}), within {@link #DRAIN_LIMIT}.
 */
final class PeerIntake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerIntake.class);
    private static final int BACKLOG = 10_000;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** How long a stop may take to write what was accepted: within the launcher's 4.5 s for the whole framework. */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(3);

    private final PeerId self;
    private final ListenerDispatcher listeners;
    private final RankedStores stores = new RankedStores();
    private final StoreWriter owner = new StoreWriter("coordinator-store", BACKLOG);
    private final Duration drainLimit;
    private final List<PeerInfo> waiting = new ArrayList<>();
    private final StopBatch stopBatch = new StopBatch();
    private volatile boolean stopping;
    private volatile PeerStore current;
    private volatile Predicate<PeerId> heldByTransport = id -> false;
    /** What a mechanism's report may bring in, given what is stored of that peer (null: nothing). */
    private volatile BiFunction<PeerInfo, PeerInfo, PeerInfo> claimGate = (report, stored) -> report;
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong updated = new AtomicLong();
    private final AtomicLong removed = new AtomicLong();
    private final AtomicLong refusedFull = new AtomicLong();
    private final AtomicLong droppedBatches = new AtomicLong();

    /** Counters shown by {@code discovery:status}. */
    record Stats(long added, long updated, long removed, long refusedFull, long droppedBatches) {
    }

    PeerIntake(PeerId self, ListenerDispatcher listeners) {
        this(self, listeners, DRAIN_LIMIT);
    }

    PeerIntake(PeerId self, ListenerDispatcher listeners, Duration drainLimit) {
        this.self = self;
        this.listeners = listeners;
        this.drainLimit = drainLimit;
    }

    /**
     * Queues peers to merge; {@code whenDone} runs after them on the owner thread, or at once when they were not
     * accepted. Returns whether they were: false when the queue is full or the intake stopped. Accepted peers
     * reach the store, a stop included.
     */
    boolean submit(List<PeerInfo> peers, Runnable whenDone) {
        boolean accepted = owner.write(() -> {
            try {
                for (PeerInfo p : peers) {
                    PeerStore s = current;
                    PeerInfo stored = s == null ? null : s.get(p.id()).orElse(null);
                    merge(claimGate.apply(p, stored));
                }
            } finally {
                whenDone.run();
            }
        });
        if (!accepted) {
            droppedBatches.incrementAndGet();
            whenDone.run();
        }
        return accepted;
    }

    /**
     * Marks a peer a mechanism lost sight of as disconnected; it stays until it ages out. A peer the transport
     * still holds a connection to stays connected: a mechanism losing sight of it says nothing of that connection.
     */
    void markLost(PeerId id) {
        execute(() -> {
            PeerStore s = writable();
            if (s != null && !heldByTransport.test(id)) {
                s.get(id).filter(p -> p.status() != ConnectionStatus.DISCONNECTED)
                        .ifPresent(p -> merge(p.withStatus(ConnectionStatus.DISCONNECTED, ConnectionDirection.NONE)));
            }
        });
    }

    /**
     * Drops {@code addresses} from a stored peer (a handshake refuted them, or they stopped answering); queued
     * behind every write before it. Listeners hear the update.
     */
    void forgetAddresses(PeerId id, List<Multiaddr> addresses) {
        execute(() -> {
            PeerStore s = writable();
            if (s == null) {
                return;
            }
            try {
                Optional<PeerInfo> before = s.get(id);
                s.forgetAddresses(id, addresses).filter(u -> u.kind() == StoreUpdate.Kind.UPDATED).ifPresent(u -> {
                    updated.incrementAndGet();
                    listeners.updated(before.orElse(u.peer()), u.peer());
                });
            } catch (RuntimeException e) {
                LOG.warn("Peer store failed to forget addresses of {}: {}", id, e.toString());
            }
        });
    }

    /**
     * Marks a stored peer that no dial reached as {@code FAILED}, unless a connection holds it by then. Its
     * {@code lastSeen} stays, so it still ages out.
     */
    void markUnreachable(PeerId id) {
        execute(() -> {
            PeerStore s = writable();
            if (s != null && !heldByTransport.test(id)) {
                s.get(id).filter(p -> !p.isConnected() && p.status() != ConnectionStatus.FAILED)
                        .ifPresent(p -> merge(p.withStatus(ConnectionStatus.FAILED, ConnectionDirection.NONE)));
            }
        });
    }

    /**
     * Sets the gate every mechanism report passes on the owner thread before it merges: it sees the report and what
     * is stored of the peer, and returns what may be stored (the coordinator holds back new addresses of a proven
     * peer until a dial verified them).
     */
    void claimGate(BiFunction<PeerInfo, PeerInfo, PeerInfo> gate) {
        claimGate = gate;
    }

    /**
     * Tells the intake which peers the transport holds a connection to (asked on the owner thread only), so that
     * {@link #markLost} leaves them connected.
     */
    void heldByTransport(Predicate<PeerId> connected) {
        heldByTransport = connected;
    }

    /**
     * Runs {@code task} on the owner thread after everything queued before it, without waiting for it. Returns
     * false (and counts a dropped batch) when the queue is full or closed.
     */
    boolean execute(Runnable task) {
        if (owner.write(task)) {
            return true;
        }
        droppedBatches.incrementAndGet();
        return false;
    }

    /**
     * Runs {@code task} on the owner thread after everything queued before it, outside the write backlog: for
     * tasks whose number their caller bounds (one pending flush, a periodic check). False once stopped.
     */
    boolean schedule(Runnable task) {
        return owner.control(task);
    }

    /**
     * Merges one report, for tasks already on the owner thread ({@link #execute}); the store's refusal is thrown,
     * not counted, so the caller decides what a refusal means. Empty when the report is about this node or no
     * store is bound yet (the report is then held until one is, as {@link #submit} does).
     */
    Optional<StoreUpdate> mergeOnOwner(PeerInfo peer) throws DiscoveryException {
        if (peer.id().equals(self)) {
            return Optional.empty();
        }
        if (current == null) {
            merge(peer);
            return Optional.empty();
        }
        return Optional.of(apply(peer));
    }

    /** Merges one peer now and returns what the store did (for the shell's {@code add}). */
    StoreUpdate addNow(PeerInfo peer) throws DiscoveryException {
        if (peer.id().equals(self)) {
            throw new IllegalArgumentException(peer.id() + " is this node");
        }
        return call(() -> apply(peer));
    }

    Optional<PeerInfo> removeNow(PeerId id) throws DiscoveryException {
        return call(() -> {
            Optional<PeerInfo> gone = store().remove(id);
            gone.ifPresent(this::removedEvent);
            return gone;
        });
    }

    /** Removes disconnected peers unseen since {@code now - timeout}; returns how many. */
    int expire(Instant now, Duration timeout) throws DiscoveryException {
        return call(() -> {
            Instant cutoff = now.minus(timeout);
            int count = 0;
            for (PeerInfo p : store().all()) {
                if (!p.isConnected() && p.lastSeen().isBefore(cutoff)) {
                    store().remove(p.id()).ifPresent(this::removedEvent);
                    count++;
                }
            }
            if (count > 0) {
                LOG.info("Expired {} peers unseen for {}", count, timeout);
            }
            return count;
        });
    }

    /**
     * A store appeared or changed its ranking. This only queues it: when it is now the best, the owner thread
     * first copies every peer into it (one {@code addAll}: one commit for a persistent store), then writes to it.
     * Writes queued meanwhile wait behind the copy, so none is lost or reordered, and SCR's bind thread does not
     * wait for a copy that may take seconds. The future completes once the switch is done.
     */
    CompletableFuture<Void> storeOffered(PeerStore store, Map<String, ?> properties) {
        Map<String, Object> kept = new HashMap<>(properties); // the caller's map is only valid during the call
        CompletableFuture<Void> switched = new CompletableFuture<>();
        boolean queued = owner.control(() -> {
            try {
                stores.put(store, kept);
                switchToBest(current, () -> { });
                switched.complete(null);
            } catch (Throwable e) {
                switched.completeExceptionally(e);
            }
        });
        if (!queued) {
            switched.completeExceptionally(stopped());
        }
        return switched;
    }

    /**
     * A store is leaving, usable only until this returns. If it is in use, this waits (bounded) until the owner
     * thread has read its peers, after every write queued before; the copy into the next best store then runs
     * there, ahead of later writes.
     */
    void storeLeaving(PeerStore store) throws DiscoveryException {
        CompletableFuture<Void> read = new CompletableFuture<>();
        boolean queued = owner.control(() -> {
            try {
                stores.remove(store);
                if (current == store) {
                    switchToBest(store, () -> read.complete(null));
                }
            } finally {
                read.complete(null);
            }
        });
        if (!queued) {
            throw stopped();
        }
        try {
            read.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // read only completes normally
        } catch (TimeoutException e) {
            throw new DiscoveryException(DiscoveryException.Kind.TIMEOUT, "the leaving store's peers were not read "
                    + "within " + CALL_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException(DiscoveryException.Kind.TIMEOUT, "interrupted while handing over peers");
        }
    }

    /** The store in use; on the owner thread, after every merge held for a batch is written. */
    PeerStore store() {
        PeerStore s = owner.isWriterThread() ? writable() : current;
        if (s == null) {
            throw new IllegalStateException("no peer store is available");
        }
        return s;
    }

    List<RankedStores.Ranked> stores() {
        return stores.all();
    }

    Stats stats() {
        return new Stats(added.get(), updated.get(), removed.get(), refusedFull.get(), droppedBatches.get());
    }

    /** The store in use, for the owner thread: a stop's held merges are written first, so order is kept. */
    private PeerStore writable() {
        stopBatch.writeTo(current);
        return current;
    }

    /**
     * Makes the best store the one in use, first copying every peer of {@code source} into it; {@code sourceRead}
     * runs once they are read (a leaving store may go then). A copy that fails is logged and the switch stands:
     * the ranking decides which store is written.
     */
    private void switchToBest(PeerStore source, Runnable sourceRead) {
        stopBatch.writeTo(current);
        PeerStore best = stores.best().map(RankedStores.Ranked::store).orElse(null);
        if (best == null || best == current) {
            if (best == null) {
                current = null;
            }
            return;
        }
        if (source != null) {
            List<PeerInfo> peers = source.all();
            sourceRead.run();
            long t0 = System.nanoTime();
            try {
                int changed = best.addAll(peers);
                int missing = (int) peers.stream().filter(p -> best.get(p.id()).isEmpty()).count();
                LOG.info("Peer store switched to {}: {} peers handed over in {} ms ({} changed){}", best, peers.size(),
                        (System.nanoTime() - t0) / 1_000_000, changed,
                        missing == 0 ? "" : ", " + missing + " refused by its limits");
            } catch (RuntimeException e) {
                LOG.error("Peer store switched to {}, but handing {} peers over to it failed: {}", best,
                        peers.size(), e.toString());
            }
        }
        current = best;
        if (!waiting.isEmpty()) {
            List<PeerInfo> held = new ArrayList<>(waiting);
            waiting.clear();
            held.forEach(this::merge);
        }
    }

    private void merge(PeerInfo peer) {
        if (peer.id().equals(self)) {
            return;
        }
        if (current == null) {
            // Mechanisms may report before the first store is bound; hold a bounded number until it is.
            if (waiting.size() < BACKLOG) {
                waiting.add(peer);
            } else {
                refusedFull.incrementAndGet();
            }
            return;
        }
        if (stopping) {
            if (stopBatch.hold(peer)) {
                stopBatch.writeTo(current);
            }
            return;
        }
        try {
            apply(peer);
        } catch (DiscoveryException e) {
            refusedFull.incrementAndGet();
            LOG.debug("Peer {} not stored: {}", peer.id(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Peer store failed on {}: {}", peer.id(), e.toString());
        }
    }

    private StoreUpdate apply(PeerInfo peer) throws DiscoveryException {
        PeerStore s = store();
        Optional<PeerInfo> before = s.get(peer.id());
        StoreUpdate update = s.add(peer);
        switch (update.kind()) {
            case ADDED -> {
                added.incrementAndGet();
                listeners.added(update.peer());
            }
            case UPDATED -> {
                updated.incrementAndGet();
                listeners.updated(before.orElse(update.peer()), update.peer());
            }
            case UNCHANGED -> {
                // nothing to tell
            }
        }
        update.evicted().forEach(this::removedEvent);
        return update;
    }

    private void removedEvent(PeerInfo peer) {
        removed.incrementAndGet();
        listeners.removed(peer);
    }

    private static DiscoveryException stopped() {
        return new DiscoveryException(DiscoveryException.Kind.PEER_STORE_FULL, "the coordinator's store writer is "
                + "stopped");
    }

    private <T> T call(Callable<T> task) throws DiscoveryException {
        if (owner.isWriterThread()) {
            try {
                return task.call();
            } catch (DiscoveryException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        boolean queued = owner.control(() -> {
            if (f.isDone()) {
                return; // the caller gave up before it started
            }
            try {
                f.complete(task.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        if (!queued) {
            throw stopped();
        }
        try {
            return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DiscoveryException d) {
                throw d;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            f.cancel(false); // not started: skipped; under way: it finishes, never interrupted mid-write
            throw new DiscoveryException(DiscoveryException.Kind.TIMEOUT, "the peer store did not answer within "
                    + CALL_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException(DiscoveryException.Kind.TIMEOUT, "interrupted while waiting for the store");
        }
    }

    /**
     * Stops: refuses new work and writes what was accepted (merges batched), within the drain bound; what is left
     * at the bound is dropped and logged. The owner thread is never interrupted.
     */
    @Override
    public void close() {
        stopping = true;
        long t0 = System.nanoTime();
        boolean drained = owner.close(() -> stopBatch.writeTo(current), drainLimit);
        if (drained && stopBatch.written() > 0) {
            LOG.info("Peer intake stopped: {} queued peers written in batches in {} ms", stopBatch.written(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
