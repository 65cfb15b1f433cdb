package org.olocus.discovery.transport.internal.connection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.olocus.discovery.api.Multiaddr;

/**
 * The js-libp2p side of the transport benchmark: Node processes running {@code js-fixture/bench-libp2p.mjs}
 * (the fixture's pinned js-libp2p and Node 22), each stopped by its pid.
 */
final class TransportBenchJs {
    private static final Path FIXTURE = Path.of("src/test/resources/js-fixture").toAbsolutePath();
    private static final Path NODE = FIXTURE.resolve("node_modules/.bin/node");
    private static final Path SCRIPT = FIXTURE.resolve("bench-libp2p.mjs");

    private TransportBenchJs() {
    }

    /** Whether the fixture is installed ({@code bash .ci/setup-transport.sh}). */
    static boolean available() {
        return Files.isExecutable(NODE) && Files.isDirectory(FIXTURE.resolve("node_modules/libp2p"));
    }

    /** Starts a js-libp2p server node on 127.0.0.1 serving discard; waits for its address. */
    static Server server() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(NODE.toString(), SCRIPT.toString(), "serve").directory(FIXTURE.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = reader(process);
            CompletableFuture<String> self = CompletableFuture.supplyAsync(() -> firstLine(out, "SELF "));
            String line = self.get(30, TimeUnit.SECONDS);
            if (line == null) {
                throw new IOException("the js bench server exited without printing its address");
            }
            return new Server(process, Multiaddr.parse(line.split(" ")[2]));
        } catch (Exception e) {
            stop(process);
            throw e instanceof IOException io ? io : new IOException("js bench server did not start: " + e, e);
        }
    }

    /** A running js server node. */
    record Server(Process process, Multiaddr address) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            stop(process);
        }
    }

    /** Runs the js client driver against {@code target} and returns what it measured. */
    static TransportBenchFigures measure(Multiaddr target, Duration perFigure, int mib1, int mibPer16)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(NODE.toString(), SCRIPT.toString(), "drive", target.toString(),
                Long.toString(perFigure.toMillis()), Integer.toString(mib1), Integer.toString(mibPer16))
                .directory(FIXTURE.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = reader(process);
            CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> firstLine(out, "RESULT "));
            String line = result.get(150, TimeUnit.SECONDS);
            if (line == null) {
                throw new IOException("the js bench driver ended without a result (see its stderr above)");
            }
            return TransportBenchFigures.fromJson(line.substring("RESULT ".length()));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the js bench driver failed: " + e, e);
        } finally {
            stop(process);
        }
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The first line starting with {@code prefix}, or {@code null} when the output ends first. */
    private static String firstLine(BufferedReader out, String prefix) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
                System.err.println("[js] " + line);
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** SIGTERM to this pid, then SIGKILL if it lingers. */
    private static void stop(Process process) throws InterruptedException {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            handle.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
