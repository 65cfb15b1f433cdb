package org.olocus.discovery.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.osgi.framework.BundleException;

/**
 * The node of a home, run by the process that holds the home's lock. Before the framework starts, the control
 * socket gets its private directory and a socket file left by a dead node of this home is removed (safe: the lock
 * says no live node uses it). Once the console answers, its path is published in {@code data/control.path}; it is
 * withdrawn before the framework stops, and the lock is released after.
 */
final class HomeNode {
    private static final Duration CONSOLE_LIMIT = Duration.ofSeconds(15);

    private final Node node;
    private final HomeLock lock;
    private final Path socket;
    private final ControlPathFile published;
    private boolean stopped;

    private HomeNode(Node node, HomeLock lock, Path socket, ControlPathFile published) {
        this.node = node;
        this.lock = lock;
        this.socket = socket;
        this.published = published;
    }

    /**
     * Starts the node of {@code options.home()}, whose lock the caller has taken and hands over; throws
     * {@link IllegalStateException} naming the problem when the socket's directory is unsafe.
     */
    static HomeNode start(Options options, HomeLock lock, boolean interactive) throws IOException, BundleException {
        Path socket = ControlSocketPath.forHome(options.home());
        ControlPathFile published = new ControlPathFile(options.home().resolve("data"));
        try {
            new PrivateDirectory(CurrentUser.uid()).ensure(socket.getParent());
            published.remove();
            Files.deleteIfExists(socket);
            return new HomeNode(Node.start(options, interactive, socket), lock, socket, published);
        } catch (IOException | BundleException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Waits until the node is ready (see {@link Node#awaitReady}); returns our peer id. */
    String awaitReady(Duration limit) throws InterruptedException {
        return node.awaitReady(limit);
    }

    /**
     * Waits (bounded) for the console bundle to answer on the socket, then writes {@code data/control.path}, from
     * which {@code --exec} finds this node; throws {@link IllegalStateException} when the console did not open it.
     */
    void publishControlSocket() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + CONSOLE_LIMIT.toNanos();
        while (!ControlClient.answers(socket)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the console bundle did not open " + socket + " within "
                        + CONSOLE_LIMIT.toSeconds() + " s; --exec cannot reach this node (see data/log/olocus.log)");
            }
            Thread.sleep(20);
        }
        published.publish(socket);
    }

    Path socket() {
        return socket;
    }

    /** Blocks until the framework stops (from the shell's {@code stop 0} or a signal). */
    void waitForStop() throws InterruptedException {
        node.waitForStop();
    }

    /** Withdraws the socket's path, stops the framework (at most {@code limit}), then releases the home. */
    synchronized void stop(Duration limit) {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            published.remove();
        } catch (IOException e) {
            System.err.println("olocus: could not remove " + ControlPathFile.FILE + ": " + e);
        }
        if (!node.stop(limit)) {
            return; // still stopping: the home stays locked until this process exits, which follows
        }
        try {
            lock.close();
        } catch (IOException e) {
            // the OS releases it when this process exits, which follows
        }
    }
}
