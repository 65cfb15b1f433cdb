package org.olocus.discovery.coordinator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.olocus.discovery.api.ConnectionDirection;
import org.olocus.discovery.api.ConnectionStatus;
import org.olocus.discovery.api.DiscoveryContext;
import org.olocus.discovery.api.DiscoveryMechanism;
import org.olocus.discovery.api.DiscoveryType;
import org.olocus.discovery.api.LocalPeer;
import org.olocus.discovery.api.PeerId;
import org.olocus.discovery.api.PeerInfo;
import org.olocus.discovery.api.PeerSink;
import org.olocus.discovery.support.internal.NamedThreadFactory;
import org.olocus.discovery.support.internal.Shutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one mechanism on a thread of its own, so a mechanism that blocks, throws or floods harms only itself: every
 * call is bounded by query_timeout, a round is skipped while the previous call is still inside the mechanism, and
 * what it reports is capped per round and per push backlog before it reaches the store.
 */
final class MechanismRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MechanismRunner.class);

    private final DiscoveryMechanism mechanism;
    private final String name;
    private final PeerIntake intake;
    private final Supplier<CoordinatorSettings> settings;
    private final AddressVerdicts verdicts;
    private final FalseClaims falseClaims;
    private final ExecutorService thread;
    private final AtomicBoolean callInside = new AtomicBoolean();
    private final AtomicInteger pendingPushes = new AtomicInteger();
    private volatile String state = "starting";
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile CompletableFuture<Void> startCall;
    private volatile Instant lastRun;
    private volatile int lastFound;
    private volatile String lastError;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong found = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    MechanismRunner(DiscoveryMechanism mechanism, PeerIntake intake, Supplier<CoordinatorSettings> settings,
                    AddressVerdicts verdicts, FalseClaims falseClaims) {
        this.mechanism = mechanism;
        this.verdicts = verdicts;
        this.falseClaims = falseClaims;
        this.name = safeName(mechanism);
        this.intake = intake;
        this.settings = settings;
        this.thread = Executors.newSingleThreadExecutor(new NamedThreadFactory("mechanism-" + name));
    }

    String name() {
        return name;
    }

    DiscoveryMechanism mechanism() {
        return mechanism;
    }

    /** Starts the mechanism, announces us, then runs a first round at once. */
    CompletableFuture<Integer> start(LocalPeer localPeer, PeerInfo self) {
        DiscoveryContext context = new Context(localPeer, new Sink());
        startCall = call("start", () -> mechanism.start(context));
        return startCall
                .thenCompose(v -> {
                    if (stopping) {
                        // stop() is waiting for this start; it stops the mechanism itself
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    started = true;
                    state = "running";
                    LOG.info("Mechanism {} ({}) started", name, safeType());
                    return call("announce", () -> mechanism.announceSelf(self)).exceptionally(e -> null);
                })
                .thenCompose(v -> stopping ? CompletableFuture.completedFuture(0) : runRound())
                .exceptionally(e -> {
                    if (!started) {
                        state = "failed";
                    }
                    return 0;
                });
    }

    /** One discovery round; completes with the number of peers handed to the store (0 when skipped or failed). */
    CompletableFuture<Integer> runRound() {
        if (!started) {
            return CompletableFuture.completedFuture(0);
        }
        if (callInside.get()) {
            skipped.incrementAndGet();
            return CompletableFuture.completedFuture(0);
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        call("discoverPeers", mechanism::discoverPeers).whenComplete((peers, error) -> {
            try {
                lastRun = Instant.now();
                if (error != null) {
                    done.complete(0);
                    return;
                }
                rounds.incrementAndGet();
                List<PeerInfo> list = peers == null ? List.of() : peers;
                lastFound = list.size();
                int cap = settings.get().maxPeersPerMechanism();
                if (list.size() > cap) {
                    dropped.addAndGet(list.size() - cap);
                }
                List<PeerInfo> accepted = sanitize(list.subList(0, Math.min(cap, list.size())));
                found.addAndGet(accepted.size());
                intake.submit(accepted, () -> done.complete(accepted.size()));
            } catch (Throwable e) {
                // Whatever the mechanism's result throws, the round ends: discoverNow() and the shell wait for it.
                failures.incrementAndGet();
                lastError = "discoverPeers result: " + e;
                LOG.warn("Mechanism {}: {}", name, lastError);
                done.complete(0);
            }
        });
        return done;
    }

    /** Announces us again (our addresses changed). */
    void announce(PeerInfo self) {
        if (started) {
            call("announce", () -> mechanism.announceSelf(self));
        }
    }

    /**
     * Stops the mechanism (bounded by query_timeout) and releases the runner's thread. A start still under way is
     * awaited first, so a mechanism that finishes starting after we decided to stop is still stopped.
     */
    void stop() {
        stopping = true;
        state = "stopping";
        long limit = settings.get().queryTimeout().toMillis() + 500;
        CompletableFuture<Void> starting = startCall;
        if (starting != null) {
            try {
                starting.handle((v, e) -> null).get(limit, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("Mechanism {} was still starting after {} ms; stopping it anyway", name, limit);
            }
            try {
                call("stop", mechanism::stop).get(limit, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("Mechanism {} did not stop cleanly: {}", name, e.toString());
            }
        }
        started = false;
        state = "stopped";
        Shutdown.now(thread, "mechanism-" + name, Duration.ofSeconds(5));
        LOG.info("Mechanism {} stopped", name);
    }

    MechanismStatus status() {
        boolean active;
        try {
            active = mechanism.isActive();
        } catch (RuntimeException | LinkageError e) {
            active = false;
        }
        DiscoveryType type = safeType();
        return new MechanismStatus(name, String.valueOf(type), state, active, rounds.get(), lastRun,
                lastFound, found.get(), failures.get(), timeouts.get(), skipped.get(), dropped.get(),
                falseClaims.of(type), lastError);
    }

    /**
     * Calls into the mechanism on its own thread and bounds the whole call — the synchronous part and the stage it
     * returns — by query_timeout. If this call is still inside the mechanism at its deadline, it is interrupted;
     * a later call running on the thread by then is not (the call's {@link CallToken} tells them apart).
     */
    private <T> CompletableFuture<T> call(String what, Supplier<CompletionStage<T>> action) {
        Duration timeout = settings.get().queryTimeout();
        CompletableFuture<T> result = new CompletableFuture<>();
        CallToken token = new CallToken();
        try {
            thread.execute(() -> {
                CompletionStage<T> stage = null;
                Throwable thrown = null;
                token.enter();
                callInside.set(true);
                try {
                    stage = action.get();
                } catch (Throwable e) {
                    thrown = e;
                } finally {
                    callInside.set(false);
                    token.leave();
                }
                // Completed outside the guarded region: what depends on the result may start the next call.
                if (thrown != null) {
                    result.completeExceptionally(thrown);
                } else if (stage == null) {
                    result.completeExceptionally(new IllegalStateException(what + " returned null"));
                } else {
                    try {
                        stage.whenComplete((v, e) -> {
                            if (e != null) {
                                result.completeExceptionally(e);
                            } else {
                                result.complete(v);
                            }
                        });
                    } catch (Throwable e) { // a mechanism's own CompletionStage may throw here too
                        result.completeExceptionally(e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("mechanism " + name + " is stopped"));
        }
        // The caller sees the outcome only after it is counted, so status never lags behind a completed round.
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
            if (e == null) {
                return;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                timeouts.incrementAndGet();
                lastError = what + " timed out after " + timeout.toMillis() + " ms";
                token.interruptIfInside();
            } else {
                failures.incrementAndGet();
                lastError = what + ": " + cause;
            }
            LOG.warn("Mechanism {}: {}", name, lastError);
        });
    }

    /**
     * What a mechanism reports is only a sighting, and its ids are claims: the coordinator records the source
     * itself; connection state, reputation and proof belong to the transport and the store, not to the mechanism;
     * and an address a handshake disproved for that id (or that stopped answering) is held back.
     */
    private List<PeerInfo> sanitize(List<PeerInfo> peers) {
        Instant now = Instant.now();
        DiscoveryType type = safeType();
        Set<DiscoveryType> source = type == null ? Set.of() : Set.of(type);
        List<PeerInfo> out = new ArrayList<>(peers.size());
        for (PeerInfo p : peers) {
            if (p == null) {
                continue;
            }
            Instant seen = p.lastSeen().isAfter(now) || p.lastSeen().equals(Instant.EPOCH) ? now : p.lastSeen();
            out.add(new PeerInfo(p.id(), verdicts.admissible(p.id(), p.addresses()), p.protocols(), seen,
                    ConnectionStatus.UNKNOWN, ConnectionDirection.NONE, 0, source));
        }
        return out;
    }

    /** The mechanism's type, or null when asking throws (an exception, or a bundle built against another api). */
    private DiscoveryType safeType() {
        try {
            return mechanism.type();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static String safeName(DiscoveryMechanism m) {
        try {
            String n = m.name();
            return n == null || n.isBlank() ? m.getClass().getSimpleName() : n.replaceAll("[^A-Za-z0-9_.-]", "_");
        } catch (RuntimeException e) {
            return m.getClass().getSimpleName();
        }
    }

    private record Context(LocalPeer localPeer, PeerSink sink) implements DiscoveryContext {
    }

    /**
     * One call into the mechanism: the thread inside it, while it is. Entering, leaving and interrupting share one
     * lock, so an interrupt reaches this call or nothing: never the next call on the same thread.
     */
    private static final class CallToken {
        private Thread inside;

        synchronized void enter() {
            inside = Thread.currentThread();
        }

        synchronized void leave() {
            inside = null;
            Thread.interrupted(); // an interrupt that reached this call late must not leak into the next one
        }

        synchronized void interruptIfInside() {
            if (inside != null) {
                inside.interrupt();
            }
        }
    }

    /** Pushes go to the store at once, within a per-mechanism backlog; beyond it they are dropped and counted. */
    private final class Sink implements PeerSink {
        @Override
        public void peerFound(PeerInfo peer) {
            if (peer == null || !started) {
                return;
            }
            if (pendingPushes.incrementAndGet() > settings.get().pushQueueLimit()) {
                pendingPushes.decrementAndGet();
                dropped.incrementAndGet();
                return;
            }
            List<PeerInfo> one = sanitize(List.of(peer));
            found.incrementAndGet();
            intake.submit(one, pendingPushes::decrementAndGet);
        }

        @Override
        public void peerLost(PeerId peer) {
            if (peer != null && started) {
                intake.markLost(peer);
            }
        }
    }
}
