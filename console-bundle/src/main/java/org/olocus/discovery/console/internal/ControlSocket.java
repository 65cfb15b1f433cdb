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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.olocus.discovery.support.internal.NamedThreadFactory;
import org.olocus.discovery.support.internal.Shutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound control socket and the threads that serve it: one acceptor, and each connection on a thread of its own
 * from a pool of at most {@value #MAX_CONNECTIONS}, so one slow script does not hold up the others (further
 * connections wait in the socket's backlog until a thread is free). A client that neither sends its script nor
 * closes within {@value #READ_LIMIT_SECONDS} s is cut off. {@link #close()} serves whoever has already connected,
 * lets running scripts finish for a moment, then cuts their connections and ends every thread.
 */
final class ControlSocket implements AutoCloseable {
    static final int MAX_CONNECTIONS = 4;
    static final long READ_LIMIT_SECONDS = 10;
    /** A unix socket path has at most 107 bytes (108 with the terminating NUL). */
    static final int MAX_PATH_BYTES = 107;
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);
    /** How long running scripts may go on when the socket closes (the node's whole stop has 4.5 s). */
    static final Duration FINISH = Duration.ofSeconds(1);
    private static final long END_MILLIS = 2000;

    private final Path file;
    private final Duration finish;
    private final ServerSocketChannel server;
    private final ControlConnection connection;
    private final Semaphore freeThreads = new Semaphore(MAX_CONNECTIONS);
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final ExecutorService acceptor = Executors.newSingleThreadExecutor(new NamedThreadFactory("console-accept"));
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(MAX_CONNECTIONS, MAX_CONNECTIONS, 30,
            TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new NamedThreadFactory("console"));
    private final ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("console-watchdog"));
    private volatile boolean closing;

    /**
     * Binds {@code file} in its private directory (see {@link SocketDirectory}) and starts serving; a socket file
     * there that nobody answers on is a dead node's and is replaced. The message of the {@link IOException} names
     * what went wrong.
     */
    ControlSocket(Path file, Function<String, ScriptRunner.Outcome> scripts) throws IOException {
        this(file, scripts, FINISH);
    }

    /** As above, running scripts getting {@code finish} to end when the socket closes. */
    ControlSocket(Path file, Function<String, ScriptRunner.Outcome> scripts, Duration finish) throws IOException {
        this.file = file;
        this.finish = finish;
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
        try {
            while (!closing) {
                freeThreads.acquire();
                SocketChannel client;
                try {
                    client = server.accept();
                } catch (ClosedChannelException e) {
                    freeThreads.release();
                    return;
                } catch (IOException e) {
                    freeThreads.release();
                    LOG.warn("Control socket {}: accept failed: {}", file, e.toString());
                    if (!pause()) {
                        return;
                    }
                    continue;
                }
                dispatch(client, true);
            }
            serveBacklog();
        } catch (InterruptedException e) {
            // closing without waiting for a thread to be free: the backlog is dropped with the socket
        } finally {
            closeQuietly(server);
        }
    }

    /**
     * Closing: the socket file is withdrawn, so no client can connect any more; a client that connected before
     * (its script sent, maybe) is still served, however many there are, rather than cut off unanswered.
     */
    private void serveBacklog() {
        try {
            server.configureBlocking(false);
            SocketChannel client;
            while ((client = server.accept()) != null) {
                client.configureBlocking(true);
                dispatch(client, false);
            }
        } catch (IOException e) {
            LOG.warn("Control socket {}: connections made before it closed are dropped: {}", file, e.toString());
        }
    }

    private void dispatch(SocketChannel client, boolean holdsThread) {
        clients.add(client);
        try {
            workers.execute(() -> serve(client, holdsThread));
        } catch (RejectedExecutionException e) {
            release(client, holdsThread);
        }
    }

    private void serve(SocketChannel client, boolean holdsThread) {
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
            if (!closing) {
                LOG.warn("Control connection failed: {}", e.toString());
            }
        } catch (RejectedExecutionException e) {
            // closing: the watchdog is gone, and so is this connection
        } finally {
            release(client, holdsThread);
        }
    }

    private void release(SocketChannel client, boolean holdsThread) {
        clients.remove(client);
        closeQuietly(client);
        if (holdsThread) {
            freeThreads.release();
        }
    }

    /**
     * Withdraws the socket file (no new client can connect), serves the clients that already have, gives running
     * scripts a moment, then cuts their connections and ends every thread. The file is renamed rather than deleted
     * so that a connection of our own through the new name can wake the acceptor, which then serves the backlog.
     */
    @Override
    public void close() {
        closing = true;
        Path withdrawn = withdraw();
        if (withdrawn == null || !ControlSocket.wake(withdrawn)) {
            closeQuietly(server); // no way to wake the acceptor but this, which drops the backlog
        }
        acceptor.shutdown();
        if (!Shutdown.await(acceptor, finish)) {
            acceptor.shutdownNow(); // waiting for a free thread: the scripts running now keep them all
        }
        workers.shutdown(); // only now: the acceptor hands the backlog over to it
        if (!Shutdown.await(workers, finish)) {
            clients.forEach(ControlSocket::closeQuietly);
        }
        endThreads();
        for (Path f : withdrawn == null ? List.of(file) : List.of(file, withdrawn)) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                LOG.warn("Could not remove the control socket {}: {}", f, e.toString());
            }
        }
    }

    /** Renames the socket file to a name no client looks for (as short, so it still fits); null if it cannot. */
    private Path withdraw() {
        String name = file.getFileName().toString();
        Path withdrawn = file.resolveSibling(name.endsWith(".sock")
                ? name.substring(0, name.length() - ".sock".length()) + ".bye" : name + "~");
        if (withdrawn.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return null;
        }
        try {
            Files.move(file, withdrawn, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return withdrawn;
        } catch (IOException e) {
            return null;
        }
    }

    /** Connects through {@code withdrawn} and hangs up: the acceptor returns, sees {@code closing}, serves the rest. */
    private static boolean wake(Path withdrawn) {
        try (SocketChannel self = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            self.connect(UnixDomainSocketAddress.of(withdrawn));
            return true;
        } catch (IOException e) {
            return false;
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
}
