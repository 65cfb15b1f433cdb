package org.olocus.discovery.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketTest {
    private static final Function<String, ScriptRunner.Outcome> ECHO = s -> new ScriptRunner.Outcome(s + "\n", 0);

    @Test
    void answersAScriptFromAPrivateDirectoryAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run/node.sock");
        try (ControlSocket socket = new ControlSocket(file, ECHO)) {
            assertEquals("rwx------", permissions(file.getParent()), "made owner-only before the bind");
            assertEquals("rw-------", permissions(file));
            assertEquals("discovery:peers\n\u00000", send(file, "discovery:peers\n"));
        }
        assertFalse(Files.exists(file), "the socket file is removed");
        assertNoConsoleThreads();
    }

    @Test
    void aSlowScriptDoesNotHoldUpTheOthers(@TempDir Path dir) throws Exception {
        CountDownLatch slowRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Function<String, ScriptRunner.Outcome> scripts = s -> {
            if (s.equals("slow")) {
                slowRunning.countDown();
                await(release);
            }
            return new ScriptRunner.Outcome(s + " done\n", 0);
        };
        Path file = dir.resolve("run/node.sock");
        try (ControlSocket socket = new ControlSocket(file, scripts)) {
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> sendUnchecked(file, "slow\n"));
            assertTrue(slowRunning.await(30, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                assertEquals("fast done\n\u00000", send(file, "fast\n"), "answered while the slow one still runs");
            }
            assertFalse(slow.isDone());
            release.countDown();
            assertEquals("slow done\n\u00000", slow.get(30, TimeUnit.SECONDS));
        }
        assertNoConsoleThreads();
    }

    @Test
    void moreClientsThanThreadsWaitTheirTurn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run/node.sock");
        try (ControlSocket socket = new ControlSocket(file, ECHO)) {
            List<CompletableFuture<String>> answers = java.util.stream.IntStream.range(0, 4 * ControlSocket.MAX_CONNECTIONS)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> sendUnchecked(file, "n" + i + "\n"))).toList();
            for (int i = 0; i < answers.size(); i++) {
                assertEquals("n" + i + "\n\u00000", answers.get(i).get(30, TimeUnit.SECONDS));
            }
            assertTrue(consoleThreads() <= ControlSocket.MAX_CONNECTIONS + 2, "bounded: " + consoleThreads());
        }
    }

    @Test
    void closingCutsAScriptThatDoesNotEndAndEndsEveryThread(@TempDir Path dir) throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Function<String, ScriptRunner.Outcome> stuck = s -> {
            running.countDown();
            await(new CountDownLatch(1)); // until interrupted
            return new ScriptRunner.Outcome("interrupted\n", 1);
        };
        Path file = dir.resolve("run/node.sock");
        ControlSocket socket = new ControlSocket(file, stuck);
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> sendUnchecked(file, "hang\n"));
        assertTrue(running.await(30, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        socket.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "close is bounded");
        assertFalse(answer.get(30, TimeUnit.SECONDS).contains("\u00000"), "no exit status for a cut script");
        assertNoConsoleThreads();
    }

    @Test
    void aClientThatConnectedBeforeCloseIsStillAnsweredAndNoneAfter(@TempDir Path dir) throws Exception {
        CountDownLatch allBusy = new CountDownLatch(ControlSocket.MAX_CONNECTIONS);
        CountDownLatch release = new CountDownLatch(1);
        Function<String, ScriptRunner.Outcome> scripts = s -> {
            if (s.startsWith("busy")) {
                allBusy.countDown();
                await(release);
            }
            return new ScriptRunner.Outcome(s + " done\n", 0);
        };
        Path file = dir.resolve("run/node.sock");
        ControlSocket socket = new ControlSocket(file, scripts, Duration.ofSeconds(60));
        List<CompletableFuture<String>> busy = java.util.stream.IntStream.range(0, ControlSocket.MAX_CONNECTIONS)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> sendUnchecked(file, "busy" + i + "\n"))).toList();
        assertTrue(allBusy.await(30, TimeUnit.SECONDS));
        // every thread is taken: this client waits in the socket's backlog, its script sent
        SocketChannel waiting = SocketChannel.open(StandardProtocolFamily.UNIX);
        waiting.connect(UnixDomainSocketAddress.of(file));
        waiting.write(ByteBuffer.wrap("late\n".getBytes(StandardCharsets.UTF_8)));
        waiting.shutdownOutput();

        CompletableFuture<Void> closed = CompletableFuture.runAsync(socket::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(Files.exists(file), "withdrawn at once: no new client can connect");
        assertThrows(IOException.class, () -> send(file, "too late\n"));
        release.countDown();

        assertEquals("late done\n\u00000", read(waiting));
        for (int i = 0; i < busy.size(); i++) {
            assertEquals("busy" + i + " done\n\u00000", busy.get(i).get(30, TimeUnit.SECONDS));
        }
        closed.get(30, TimeUnit.SECONDS);
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(), files.toList(), "no socket file left, withdrawn or not");
        }
        assertNoConsoleThreads();
    }

    @Test
    void aDirectoryOthersMayEnterIsRefusedBeforeAnythingIsBound(@TempDir Path dir) throws Exception {
        Path loose = Files.createDirectory(dir.resolve("loose"));
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rwxr-x---"));
        IOException e = assertThrows(IOException.class, () -> new ControlSocket(loose.resolve("node.sock"), ECHO));
        assertEquals(loose + " has permissions rwxr-x---; the control socket is bound only in a directory its owner "
                + "alone may enter (chmod 700 " + loose + ")", e.getMessage());
        assertFalse(Files.exists(loose.resolve("node.sock")));
        assertNoConsoleThreads();
    }

    @Test
    void aPathTooLongForAUnixSocketIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("d".repeat(120)).resolve("node.sock");
        IOException e = assertThrows(IOException.class, () -> new ControlSocket(file, ECHO));
        assertTrue(e.getMessage().startsWith("the control socket path " + file + " has "), e.getMessage());
        assertTrue(e.getMessage().endsWith("bytes; a unix socket path has at most 107"), e.getMessage());
    }

    @Test
    void aDeadNodesSocketIsReplacedButALiveOneIsLeftAlone(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        SocketDirectory.prepare(run);
        Path file = run.resolve("node.sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(file));
            IOException e = assertThrows(IOException.class, () -> new ControlSocket(file, ECHO));
            assertEquals("another process already serves the control socket " + file, e.getMessage());
        } // closed without removing its file, as a killed node leaves it
        assertTrue(Files.exists(file));
        try (ControlSocket socket = new ControlSocket(file, ECHO)) {
            assertEquals("lb\n\u00000", send(file, "lb\n"));
        }
    }

    private static String send(Path file, String script) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(file));
            channel.write(ByteBuffer.wrap(script.getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return read(channel);
    }

    /** The whole answer on {@code channel}, which is closed after. */
    private static String read(SocketChannel channel) throws IOException {
        try (channel) {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            try {
                while (channel.read(buffer) >= 0) {
                    answer.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
            } catch (IOException e) {
                // cut off: what came so far is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static String sendUnchecked(Path file, String script) {
        try {
            return send(file, script);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static long consoleThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("olocus-console")).count();
    }

    /** Every thread of the socket has ended (a thread may take a moment to die after its pool terminated). */
    private static void assertNoConsoleThreads() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consoleThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, consoleThreads(), "olocus-console threads left");
    }
}
