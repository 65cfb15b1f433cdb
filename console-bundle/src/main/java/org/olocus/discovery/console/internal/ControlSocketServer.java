package org.olocus.discovery.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code bin/olocus --exec} on {@code <data dir>/control.sock}: one script per connection (at most 64 KiB,
 * read within 10 s), answered with its output, a NUL byte and the exit status. The socket file is readable and
 * writable by the owner only: whoever can use it can run any shell command on the node.
 */
@Component(immediate = true)
public final class ControlSocketServer {
    static final int MAX_SCRIPT = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocketServer.class);
    private static final long READ_LIMIT_SECONDS = 10;

    private final Path socketFile;
    private final ServerSocketChannel server;
    private final ScriptRunner runner;
    private final ExecutorService acceptor = Executors.newSingleThreadExecutor(named("olocus-console"));
    private final ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(named("olocus-console-watchdog"));

    @Activate
    public ControlSocketServer(BundleContext context, @Reference CommandProcessor processor) throws IOException {
        this.runner = new ScriptRunner(processor);
        this.socketFile = dataDirectory(context).resolve("control.sock");
        Files.createDirectories(socketFile.getParent());
        Files.deleteIfExists(socketFile); // left by a node that was killed; nobody listens on it
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketFile));
        Files.setPosixFilePermissions(socketFile, PosixFilePermissions.fromString("rw-------"));
        acceptor.execute(this::acceptLoop);
        LOG.info("Shell commands accepted on {}", socketFile);
    }

    @Deactivate
    void deactivate() throws IOException {
        server.close();
        acceptor.shutdownNow();
        watchdog.shutdownNow();
        try {
            acceptor.awaitTermination(5, TimeUnit.SECONDS);
            watchdog.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socketFile);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                serve(client);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("Control connection failed: {}", e.toString());
            }
        }
    }

    private void serve(SocketChannel client) throws IOException {
        // A client that neither sends nor closes is cut off, so one stuck caller cannot block the others.
        ScheduledFuture<?> cutOff = watchdog.schedule(() -> closeQuietly(client), READ_LIMIT_SECONDS,
                TimeUnit.SECONDS);
        String script;
        try {
            script = readScript(client);
        } finally {
            cutOff.cancel(false);
        }
        if (script != null && script.isBlank()) {
            return; // a liveness probe (bin/olocus checks whether a node answers) or an empty request
        }
        ScriptRunner.Outcome outcome = script == null
                ? new ScriptRunner.Outcome("error: script larger than " + MAX_SCRIPT + " bytes\n", 2)
                : runner.run(script);
        byte[] output = outcome.output().getBytes(StandardCharsets.UTF_8);
        ByteBuffer answer = ByteBuffer.allocate(output.length + 16);
        answer.put(output).put((byte) 0).put(Integer.toString(outcome.exitStatus()).getBytes(StandardCharsets.US_ASCII));
        answer.flip();
        while (answer.hasRemaining()) {
            client.write(answer);
        }
    }

    /** The script up to the first newline or the end of input; {@code null} when it exceeds the limit. */
    private static String readScript(SocketChannel client) throws IOException {
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (client.read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    return script.toString(StandardCharsets.UTF_8);
                }
                if (script.size() >= MAX_SCRIPT) {
                    return null;
                }
                script.write(b);
            }
            buffer.clear();
        }
        return script.toString(StandardCharsets.UTF_8);
    }

    private static Path dataDirectory(BundleContext context) {
        String data = context.getProperty("olocus.data");
        if (data != null && !data.isBlank()) {
            return Path.of(data);
        }
        String home = context.getProperty("olocus.home");
        return (home != null && !home.isBlank() ? Path.of(home) : Path.of("")).resolve("data").toAbsolutePath();
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
