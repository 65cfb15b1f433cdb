package org.olocus.discovery.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Runs shell commands in Karaf through its own ssh client, {@code bin/client}, one client JVM per command.
 *
 * <p>Two things about {@code bin/client "command"} (an ssh exec) that the tests rely on: it exits with 1 when the
 * command fails (command not found, an exception), and it does not print a command's return value, only what the
 * command writes (the interactive console does print it). Gogo commands such as {@code discovery:status} return
 * values, so {@link #printed} hands the value to {@code echo}; a failure still fails the whole line (piping into
 * {@code cat} would print the value too, but a pipeline exits 0 even when its first command is not found). Its
 * standard input must stay open while it runs: at end of input the client closes the session before the command
 * has run.
 */
final class KarafClient {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final Path home;
    private final int port;
    private final String user;
    private final String password;

    KarafClient(Path home, int port, String user, String password) {
        this.home = home;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** What a command printed (colours removed) and the client's exit code. */
    record Result(String command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "'" + command + "' exited " + exitCode + ":\n" + output;
        }
    }

    /** Runs a command that prints (feature:install, bundle:list, …). */
    Result run(String command) throws IOException, InterruptedException {
        return run(command, 1);
    }

    /** Runs a command that returns a value (the discovery: commands), so that the value is printed. */
    Result value(String command) throws IOException, InterruptedException {
        return run(printed(command), 1);
    }

    /** The command line that prints what {@code command} returns. */
    static String printed(String command) {
        return "echo (" + command + ")";
    }

    /**
     * Repeats {@code command} (the client retrying its connection too) until {@code done} accepts a result or
     * {@code timeout} has passed; returns the last result either way.
     */
    Result await(String command, Duration timeout, Predicate<Result> done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Result r = run(command, 5);
            if (done.test(r) || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(1000);
        }
    }

    private Result run(String command, int connectAttempts) throws IOException, InterruptedException {
        Path output = Files.createTempFile(home, "client-", ".out");
        List<String> argv = new ArrayList<>(List.of(home.resolve("bin/client").toString(),
                "-h", "127.0.0.1", "-a", Integer.toString(port), "-u", user, "-p", password,
                "-r", Integer.toString(connectAttempts), "-d", "1", command));
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        KarafInstance.scriptEnvironment(builder.environment());
        // a short-lived client JVM starts faster without the optimising compiler
        builder.environment().put("EXTRA_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
        Process client = builder.start(); // stdin stays an open pipe until the client has exited
        try {
            if (!client.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(command, -1, "(no answer within " + COMMAND_TIMEOUT.toSeconds() + " s) "
                        + read(output));
            }
            return new Result(command, client.exitValue(), read(output));
        } finally {
            client.getOutputStream().close();
            if (client.isAlive()) {
                client.destroyForcibly();
            }
            Files.deleteIfExists(output);
        }
    }

    private static String read(Path output) throws IOException {
        String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
        return ANSI.matcher(text).replaceAll("").replace("\r", "");
    }
}
