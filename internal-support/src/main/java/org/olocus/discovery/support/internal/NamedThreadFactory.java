package org.olocus.discovery.support.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names threads {@code olocus-<name>-<n>} (n from 1) and makes them daemons, so every thread a bundle owns can be
 * told apart and checked for after stop.
 */
public final class NamedThreadFactory implements ThreadFactory {
    /** What every thread name starts with. */
    public static final String PREFIX = "olocus-";
    private final String name;
    private final AtomicInteger counter = new AtomicInteger();

    /** {@code name} without the {@value #PREFIX} prefix, e.g. {@code coordinator-store}. */
    public NamedThreadFactory(String name) {
        this.name = PREFIX + name;
    }

    /**
     * For an executor of exactly one thread: names it {@code olocus-<name>}, without a number, and makes it a
     * daemon (a replacement thread gets the same name).
     */
    public static ThreadFactory single(String name) {
        return r -> {
            Thread t = new Thread(r, PREFIX + name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
