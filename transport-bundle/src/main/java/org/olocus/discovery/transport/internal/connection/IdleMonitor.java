package org.olocus.discovery.transport.internal.connection;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;

/**
 * Closes a connection that had no open stream for the idle timeout. The owner reports the stream count after
 * every event ({@link #update}); one timer on the connection's event loop runs while the connection is idle.
 * Event-loop confined.
 */
final class IdleMonitor {
    private final EventExecutor loop;
    private final long timeoutNanos;
    private final Runnable onIdle;
    /** When the stream count last dropped to zero; 0 while streams are open. */
    private long idleSinceNanos;
    private ScheduledFuture<?> timer;
    private boolean stopped;

    IdleMonitor(EventExecutor loop, Duration timeout, Runnable onIdle) {
        this.loop = loop;
        this.timeoutNanos = timeout.toNanos();
        this.onIdle = onIdle;
    }

    /** The connection now has {@code openStreams} streams. */
    void update(int openStreams) {
        if (stopped) {
            return;
        }
        if (openStreams > 0) {
            idleSinceNanos = 0;
        } else if (idleSinceNanos == 0) {
            idleSinceNanos = nonZero(System.nanoTime());
            if (timer == null) {
                timer = loop.schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void check() {
        timer = null;
        if (stopped || idleSinceNanos == 0) {
            return; // streams opened meanwhile; the next drop to zero starts a new timer
        }
        long idle = System.nanoTime() - idleSinceNanos;
        if (idle >= timeoutNanos) {
            stopped = true;
            onIdle.run();
        } else {
            timer = loop.schedule(this::check, timeoutNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static long nonZero(long nanos) {
        return nanos == 0 ? 1 : nanos;
    }
}
