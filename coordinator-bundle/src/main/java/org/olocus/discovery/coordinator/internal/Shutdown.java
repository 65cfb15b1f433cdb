package org.olocus.discovery.coordinator.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an executor and waits briefly, so a deactivated component leaves no thread behind. It interrupts what is
 * running (a mechanism blocked in its own code, a listener): never use it for the store writer, whose disk I/O an
 * interrupt would break ({@link StoreWriter} stops by draining instead).
 */
final class Shutdown {
    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    private Shutdown() {
    }

    static void stop(ExecutorService executor, String name) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Threads of {} did not stop within 5 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
