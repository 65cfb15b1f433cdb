package org.olocus.discovery.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A process a test started: its stdout lines are collected (and echoed to stderr with a tag) so the
 * test can wait for one; {@link #close} kills it by pid, and any pids it reported as {@code PID <name> <pid>}.
 */
public final class ChildProcess implements AutoCloseable {
    private final String tag;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();
    private final List<Long> reportedPids = new ArrayList<>();

    private ChildProcess(String tag, Process process) {
        this.tag = tag;
        this.process = process;
        Thread reader = new Thread(this::read, "child-" + tag);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command}; its stderr goes to ours. */
    public static ChildProcess start(String tag, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ChildProcess(tag, pb.start());
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.err.println("[" + tag + "] " + line);
                synchronized (this) {
                    if (line.startsWith("PID ")) {
                        reportedPids.add(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
                    }
                    lines.add(line);
                    arrivals.add(System.currentTimeMillis());
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits for a line matching {@code which}; empty when none came in time. */
    public synchronized Optional<String> await(Predicate<String> which, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (which.test(lines.get(seen))) {
                    return Optional.of(lines.get(seen));
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public String awaitOrFail(Predicate<String> which, Duration timeout, String what) throws InterruptedException {
        return await(which, timeout).orElseThrow(() -> new AssertionError(tag + ": no " + what + " within "
                + timeout.toSeconds() + " s; output: " + snapshot()));
    }

    /** When (epoch ms) the first line equal to {@code line} was read. */
    public synchronized long arrivalOf(String line) {
        return arrivals.get(lines.indexOf(line));
    }

    public synchronized List<String> snapshot() {
        return new ArrayList<>(lines);
    }

    /** Writes a line to its stdin. */
    public void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        List<Long> pids;
        synchronized (this) {
            pids = new ArrayList<>(reportedPids);
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        process.destroy();
        try {
            if (!process.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
