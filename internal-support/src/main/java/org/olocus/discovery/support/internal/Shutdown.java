package org.olocus.discovery.support.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping an executor and waiting a bounded time for its threads. {@link #now} interrupts what is running; a
 * caller whose tasks must not be interrupted (disk I/O) calls {@link ExecutorService#shutdown()} and
 * {@link #await} instead. Neither throws {@link InterruptedException}: the thread's interrupt flag is set again.
 */
public final class Shutdown {
    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    private Shutdown() {
    }

    /**
     * {@link ExecutorService#shutdownNow()} (running tasks are interrupted, queued ones dropped), then waits up to
     * {@code timeout}; a WARN names {@code name} when the threads are still running then.
     *
     * @return whether the executor has terminated
     */
    public static boolean now(ExecutorService executor, String name, Duration timeout) {
        executor.shutdownNow();
        try {
            if (executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
            LOG.warn("Threads of {} did not stop within {} ms", name, timeout.toMillis());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits up to {@code timeout} for an executor already shut down; it never interrupts anything.
     *
     * @return whether the executor has terminated (false, the interrupt flag set, when interrupted)
     */
    public static boolean await(ExecutorService executor, Duration timeout) {
        try {
            return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
