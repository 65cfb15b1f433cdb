package org.olocus.discovery.transport.internal.connection;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;

import io.netty.util.concurrent.EventExecutor;

/**
 * Yamux keep-alive: every interval, a connection that has open streams but heard nothing from the remote during
 * the interval sends a Yamux PING; a ping still unanswered at the next tick means the remote is gone, and the
 * connection is closed. Connections without streams are left to the idle timeout. Event-loop confined.
 */
final class KeepAlivePinger {
    private final EventExecutor loop;
    private final long intervalNanos;
    private final IntSupplier openStreams;
    private final LongConsumer sendPing;
    private final Runnable onDead;
    private ScheduledFuture<?> ticker;
    private long lastHeardNanos = System.nanoTime();
    private long nextOpaque = 1;
    /** The opaque value of the unanswered ping, or 0. */
    private long outstanding;
    private boolean stopped;

    KeepAlivePinger(EventExecutor loop, Duration interval, IntSupplier openStreams, LongConsumer sendPing,
            Runnable onDead) {
        this.loop = loop;
        this.intervalNanos = interval.toNanos();
        this.openStreams = openStreams;
        this.sendPing = sendPing;
        this.onDead = onDead;
    }

    void start() {
        if (stopped) {
            return; // the connection closed before its timers started
        }
        ticker = loop.scheduleAtFixedRate(this::tick, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }

    /** Something arrived from the remote. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /** A Yamux pong with {@code opaque} arrived. */
    void onPong(long opaque) {
        if (opaque == outstanding) {
            outstanding = 0;
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        if (outstanding != 0) {
            stop();
            onDead.run();
            return;
        }
        if (openStreams.getAsInt() > 0 && System.nanoTime() - lastHeardNanos >= intervalNanos) {
            outstanding = nextOpaque;
            nextOpaque = nextOpaque == 0xFFFFFFFFL ? 1 : nextOpaque + 1;
            sendPing.accept(outstanding);
        }
    }

    void stop() {
        stopped = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
    }
}
