package org.olocus.discovery.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --exec}: run commands against the node of the home; never start a second one. The home lock decides:
 * when a node holds it, the commands go to that node's control socket, waiting (at most {@code --wait}) while it
 * is still starting; only when no node holds it does {@code --exec} take it and start a node just for the
 * commands. Two {@code --exec} on an idle home race for the lock: one starts the node, the other finds it held and
 * waits for that node's socket (or takes the lock if that node is already gone).
 */
final class Exec {
    private static final long POLL_MILLIS = 100;

    private Exec() {
    }

    static int run(Options options) throws Exception {
        return run(options, System.out, System.err);
    }

    static int run(Options options, PrintStream out, PrintStream err) throws Exception {
        Path data = options.home().resolve("data");
        ControlPathFile published = new ControlPathFile(data);
        long deadline = System.nanoTime() + options.execWait().toNanos();
        while (true) {
            HomeLock lock;
            try {
                lock = HomeLock.take(data);
            } catch (HomeInUseException inUse) {
                Optional<Path> socket = published.read();
                Optional<SocketChannel> channel = socket.flatMap(ControlClient::connect);
                if (channel.isPresent()) {
                    try (SocketChannel c = channel.get()) {
                        return ControlClient.execute(c, options.exec(), out, err);
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    err.printf("olocus: the node running in %s (pid %s) did not answer on its control socket "
                            + "%s within %d s; still starting? wait longer with --wait SECONDS, or see its "
                            + "data/log/olocus.log%n", options.home(), inUse.pid(), socketOf(options, socket),
                            options.execWait().toSeconds());
                    return 3;
                }
                Thread.sleep(POLL_MILLIS);
                continue;
            }
            return runOnOwnNode(options, lock, out, err);
        }
    }

    /** No node ran in the home: start one just for the commands, under the lock we took. */
    private static int runOnOwnNode(Options options, HomeLock lock, PrintStream out, PrintStream err)
            throws Exception {
        HomeNode node;
        try {
            node = HomeNode.start(options, lock, false);
        } catch (IllegalStateException e) {
            err.println("olocus: " + e.getMessage());
            return 3;
        }
        try {
            try {
                node.awaitReady(Main.READY_LIMIT);
            } catch (IllegalStateException e) {
                err.println("olocus: " + e.getMessage() + "; running the commands anyway");
            }
            node.publishControlSocket();
            Optional<SocketChannel> channel = ControlClient.connect(node.socket());
            if (channel.isEmpty()) {
                err.println("olocus: the console bundle stopped answering on " + node.socket());
                return 3;
            }
            try (SocketChannel c = channel.get()) {
                return ControlClient.execute(c, options.exec(), out, err);
            }
        } catch (IllegalStateException e) {
            err.println("olocus: " + e.getMessage());
            return 3;
        } finally {
            node.stop(Main.STOP_LIMIT);
        }
    }

    /** The socket the node published, or where a node started in our environment would put it. */
    private static Path socketOf(Options options, Optional<Path> published) throws IOException {
        return published.isPresent() ? published.get() : ControlSocketPath.forHome(options.home());
    }
}
