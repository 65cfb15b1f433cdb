package org.olocus.discovery.console.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound control socket and the threads that serve it: one acceptor, and each connection on a thread of its own
 * from a pool of at most {@value #MAX_CONNECTIONS}, so one slow script does not hold up the others (further
 * connections wait in the socket's backlog until a thread is free). A client that neither sends its script nor
 * closes within {@value #READ_LIMIT_SECONDS} s is cut off. {@link #close()} stops accepting, lets running scripts
 * finish for a moment, then cuts their connections and ends every thread.
 */
final class ControlSocket implements AutoCloseable {
    static final int MAX_CONNECTIONS = 4;
    static final long READ_LIMIT_SECONDS = 10;
    /** A unix socket path has at most 107 bytes (108 with the terminating NUL). */
    static final int MAX_PATH_BYTES = 107;
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);
    private static final long FINISH_MILLIS = 1000;
    private static final long END_MILLIS = 2000;

    private final Path file;
    private final ServerSocketChannel server;
    private final ControlConnection connection;
    private final Semaphore freeThreads = new Semaphore(MAX_CONNECTIONS);
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final ExecutorService acceptor = Executors.newSingleThreadExecutor(named("olocus-console-accept"));
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(MAX_CONNECTIONS, MAX_CONNECTIONS, 30,
            TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named("olocus-console"));
    private final ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(named("olocus-console-watchdog"));

    /**
     * Binds {@code file} in its private directory (see {@link SocketDirectory}) and starts serving; a socket file
     * there that nobody answers on is a dead node's and is replaced. The message of the {@link IOException} names
     * what went wrong.
     */
    ControlSocket(Path file, Function<String, ScriptRunner.Outcome> scripts) throws IOException {
        this.file = file;
        this.connection = new ControlConnection(scripts);
        workers.allowCoreThreadTimeOut(true);
        try {
            this.server = bind(file);
        } catch (IOException | RuntimeException e) {
            endThreads();
            throw e;
        }
        acceptor.execute(this::acceptLoop);
    }

    Path file() {
        return file;
    }

    private static ServerSocketChannel bind(Path file) throws IOException {
        int bytes = file.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IOException("the control socket path " + file + " has " + bytes + " bytes; a unix socket path "
                    + "has at most " + MAX_PATH_BYTES);
        }
        SocketDirectory.prepare(file.getParent());
        removeIfDead(file);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(file));
            // The directory already keeps others out; the file says the same to anyone who looks.
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return server;
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot bind the control socket " + file + ": " + e.getMessage(), e);
        }
    }

    private static void removeIfDead(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (answers(file)) {
            throw new IOException("another process already serves the control socket " + file);
        }
        Files.deleteIfExists(file); // nobody answers: left by a node that was killed
    }

    private static boolean answers(Path file) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(file));
            return true; // taken as a liveness probe over there
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                freeThreads.acquire();
            } catch (InterruptedException e) {
                return;
            }
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                freeThreads.release();
                LOG.warn("Control socket {}: accept failed: {}", file, e.toString());
                if (!pause()) {
                    return;
                }
                continue;
            }
            clients.add(client);
            try {
                workers.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                release(client);
                return; // closing
            }
        }
    }

    private void serve(SocketChannel client) {
        try {
            String script;
            ScheduledFuture<?> cutOff = watchdog.schedule(() -> closeQuietly(client), READ_LIMIT_SECONDS,
                    TimeUnit.SECONDS);
            try {
                script = ControlConnection.readScript(client);
            } finally {
                cutOff.cancel(false);
            }
            connection.answer(client, script);
        } catch (IOException e) {
            if (server.isOpen()) {
                LOG.warn("Control connection failed: {}", e.toString());
            }
        } catch (RejectedExecutionException e) {
            // closing: the watchdog is gone, and so is this connection
        } finally {
            release(client);
        }
    }

    private void release(SocketChannel client) {
        clients.remove(client);
        closeQuietly(client);
        freeThreads.release();
    }

    /** Stops accepting, gives running scripts a moment, then cuts their connections; removes the socket file. */
    @Override
    public void close() {
        closeQuietly(server);
        acceptor.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(FINISH_MILLIS, TimeUnit.MILLISECONDS)) {
                clients.forEach(ControlSocket::closeQuietly);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endThreads();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove the control socket {}: {}", file, e.toString());
        }
    }

    private void endThreads() {
        acceptor.shutdownNow();
        workers.shutdownNow();
        watchdog.shutdownNow();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(END_MILLIS);
            for (ExecutorService pool : new ExecutorService[] {acceptor, workers, watchdog}) {
                if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("A control socket thread did not end within {} ms (a command that ignores interrupts)",
                            END_MILLIS);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A short pause after a failed accept (out of descriptors, say), so the loop does not spin. */
    private boolean pause() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static void closeQuietly(java.io.Closeable channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
