package org.olocus.discovery.support.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class ShutdownTest {
    @Test
    void nowInterruptsWhatRunsAndWaitsForIt() throws InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor(new NamedThreadFactory("test"));
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        executor.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertTrue(Shutdown.now(executor, "test", Duration.ofSeconds(5)));
        assertTrue(interrupted.get());
        assertTrue(executor.isTerminated());
    }

    @Test
    void nowGivesUpAfterTheTimeoutWhenATaskIgnoresInterrupts() throws InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor(new NamedThreadFactory("test-stubborn"));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        executor.execute(() -> {
            started.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException e) {
                    // ignored on purpose
                }
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertFalse(Shutdown.now(executor, "test-stubborn", Duration.ofMillis(100)));
        release.countDown();
        assertTrue(Shutdown.await(executor, Duration.ofSeconds(5)));
    }

    @Test
    void awaitNeverInterruptsAndKeepsTheInterruptFlag() throws InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor(new NamedThreadFactory("test-gentle"));
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        executor.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        executor.shutdown();
        assertFalse(Shutdown.await(executor, Duration.ofMillis(100)));
        Thread.currentThread().interrupt();
        assertFalse(Shutdown.await(executor, Duration.ofSeconds(5)));
        assertTrue(Thread.interrupted());
        release.countDown();
        assertTrue(Shutdown.await(executor, Duration.ofSeconds(5)));
        assertFalse(interrupted.get());
    }
}
