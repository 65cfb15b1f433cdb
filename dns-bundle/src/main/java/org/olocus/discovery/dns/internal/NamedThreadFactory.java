package org.olocus.discovery.dns.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names this bundle's threads {@code olocus-dns-<n>} so they can be told apart (and checked for after stop). */
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
