package org.olocus.discovery.coordinator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.olocus.discovery.support.internal.NamedThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the peer store (for {@link PeerIntake}): runs tasks one at a time, in order.
 *
 * <ul>
 * <li>Writes ({@link #write}) are bounded by a backlog. Control tasks ({@link #control}: store hand-overs, calls
 * a thread waits on, one pending flush) are not, so a full backlog never loses a store binding.</li>
 * <li>The thread is never interrupted: an interrupt during MVStore I/O closes the store's {@code FileChannel}
 * (interruptible channels close on interrupt), and every later write to that file then fails.</li>
 * <li>{@link #close} refuses new tasks and runs what was accepted, within a time bound. What is still queued at the
 * bound is dropped and logged; the task then running is left to finish on its own.</li>
 * </ul>
 */
final class StoreWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final Runnable END = () -> { };

    private final String name;
    private final int backlog;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedWrites = new AtomicInteger();
    private final Thread thread;
    /** Guarded by {@code this}, so that nothing is queued behind {@link #END}. */
    private boolean closed;

    StoreWriter(String name, int backlog) {
        this.name = name;
        this.backlog = backlog;
        this.thread = new NamedThreadFactory(name).newThread(this::run);
        thread.start();
    }

    /** Whether the caller is this writer's thread (by identity: another thread may carry the same name). */
    boolean isWriterThread() {
        return Thread.currentThread() == thread;
    }

    /** Queues a write behind everything before it; false when the backlog is full or the writer is closed. */
    synchronized boolean write(Runnable task) {
        if (closed || queuedWrites.get() >= backlog) {
            return false;
        }
        queuedWrites.incrementAndGet();
        queue.add(() -> {
            queuedWrites.decrementAndGet();
            task.run();
        });
        return true;
    }

    /** Queues a task outside the backlog (its callers bound their own number); false once closed. */
    synchronized boolean control(Runnable task) {
        if (closed) {
            return false;
        }
        queue.add(task);
        return true;
    }

    /**
     * Refuses new tasks, runs everything accepted and then {@code last}, waiting up to {@code limit} for that.
     *
     * @return whether it all ran within the bound
     */
    boolean close(Runnable last, Duration limit) {
        synchronized (this) {
            if (closed) {
                return !thread.isAlive();
            }
            closed = true;
            queue.add(last);
            queue.add(END);
        }
        if (isWriterThread()) {
            return false; // cannot wait for ourselves; the queue runs out after this task
        }
        try {
            thread.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            return true;
        }
        List<Runnable> left = new ArrayList<>();
        queue.drainTo(left);
        queue.add(END);
        long dropped = left.stream().filter(t -> t != END && t != last).count();
        LOG.warn("{}: stop cut short after {} ms: {} queued store writes dropped; the write under way is left to "
                + "finish, uninterrupted", name, limit.toMillis(), dropped);
        return false;
    }

    private void run() {
        while (true) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                continue; // nobody stops the writer this way: close() does
            }
            if (task == END) {
                return;
            }
            try {
                task.run();
            } catch (Throwable e) {
                LOG.error("{}: a store task failed", name, e);
            }
            Thread.interrupted(); // a stray interrupt must not reach the next task's disk I/O
        }
    }
}
