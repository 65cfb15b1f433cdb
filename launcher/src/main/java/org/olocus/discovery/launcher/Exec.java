package org.olocus.discovery.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** {@code --exec}: run commands against the node in the home, or start one just for them. */
final class Exec {
    private static final Duration CONSOLE_LIMIT = Duration.ofSeconds(15);

    private Exec() {
    }

    static int run(Options options) throws Exception {
        Path socket = options.home().resolve("data/control.sock");
        if (ControlClient.reachable(socket)) {
            return ControlClient.execute(socket, options.exec(), System.out, System.err);
        }
        Node node = Node.start(options, false);
        try {
            node.awaitReady(Main.READY_LIMIT);
            long deadline = System.nanoTime() + CONSOLE_LIMIT.toNanos();
            while (!ControlClient.reachable(socket)) {
                if (System.nanoTime() > deadline || !Files.isDirectory(options.home().resolve("data"))) {
                    System.err.println("olocus: the console bundle did not open " + socket);
                    return 3;
                }
                Thread.sleep(20);
            }
            return ControlClient.execute(socket, options.exec(), System.out, System.err);
        } finally {
            node.stop(Main.STOP_LIMIT);
        }
    }
}
