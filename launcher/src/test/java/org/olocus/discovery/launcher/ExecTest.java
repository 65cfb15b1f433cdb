package org.olocus.discovery.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --exec} on a home whose lock is held: it talks to that node, waiting while it starts; it never starts one. */
class ExecTest {
    private static final String OUR_PID = Long.toString(ProcessHandle.current().pid());

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void waitsForTheStartingNodeOfTheHomeAndRunsTheCommandsThere(@TempDir Path home) throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        try (HomeLock node = HomeLock.take(data)) {
            CompletableFuture<Integer> status = execAsync(home, Duration.ofSeconds(60));
            Thread.sleep(300);
            assertFalse(status.isDone(), "no socket yet: --exec waits; err: " + err);

            Path socket = home.resolve("control.sock");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                new ControlPathFile(data).publish(socket); // what the node does once its console answers
                CompletableFuture<String> script = CompletableFuture.supplyAsync(() -> answerOnce(server));
                assertEquals(0, status.get(30, TimeUnit.SECONDS), "err: " + err);
                assertEquals("net:id;discovery:peers", script.get(30, TimeUnit.SECONDS));
            }
            assertEquals("12D3KooWtest\n", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void givesUpAfterTheWaitNamingThePidAndTheSocket(@TempDir Path home) throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        try (HomeLock node = HomeLock.take(data)) {
            assertEquals(3, execAsync(home, Duration.ofSeconds(1)).get(30, TimeUnit.SECONDS));
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("olocus: the node running in " + home + " (pid " + OUR_PID + ") did not answer"
                + " on its control socket " + ControlSocketPath.forHome(home) + " within 1 s"), message);
        assertEquals(1, message.lines().count(), message);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    private CompletableFuture<Integer> execAsync(Path home, Duration wait) {
        Options options = new Options(home, home, false, "net:id\ndiscovery:peers", wait);
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Exec.run(options, o, e);
            } catch (Exception x) {
                throw new CompletionException(x);
            }
        });
    }

    /** Plays the console bundle for one connection: reads the script, answers with output, NUL, status 0. */
    private static String answerOnce(ServerSocketChannel server) {
        try (SocketChannel client = server.accept()) {
            ByteArrayOutputStream script = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            while (client.read(buffer) >= 0) {
                script.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            client.write(ByteBuffer.wrap("12D3KooWtest\n\u00000".getBytes(StandardCharsets.UTF_8)));
            return script.toString(StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }
}
