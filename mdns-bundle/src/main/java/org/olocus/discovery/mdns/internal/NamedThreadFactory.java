package org.olocus.discovery.mdns.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names every thread this bundle owns ({@code olocus-mdns-…}) so leaks are easy to spot. */
final class NamedThreadFactory implements ThreadFactory {
    private final String name;
    private final AtomicInteger counter = new AtomicInteger();

    NamedThreadFactory(String name) {
        this.name = "olocus-" + name;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, name + "-" + counter.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
