package org.olocus.discovery.coordinator.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names every thread the coordinator owns ({@code olocus-coordinator-…}) so leaks are easy to spot. */
final class NamedThreadFactory implements ThreadFactory {
    static final String PREFIX = "olocus-";
    private final String name;
    private final AtomicInteger counter = new AtomicInteger();

    NamedThreadFactory(String name) {
        this.name = PREFIX + name;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
