package org.olocus.discovery.itests;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until a deadline instead of sleeping blindly; the failure names what was awaited. */
public final class Await {
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** Waits until {@code condition} holds; fails after {@code timeout}. Returns the time it took. */
    public static Duration until(String what, Duration timeout, BooleanSupplier condition) {
        return until(what, timeout, () -> condition.getAsBoolean(), Boolean.TRUE::equals).elapsed();
    }

    /** Waits until {@code value} is accepted by {@code ok}; the failure shows the last value seen. */
    public static <T> Result<T> until(String what, Duration timeout, Supplier<T> value, Predicate<T> ok) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = value.get();
                lastError = null;
                if (ok.test(last)) {
                    return new Result<>(last, Duration.ofNanos(System.nanoTime() - start));
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("not within " + timeout.toMillis() + " ms: " + what
                        + (lastError != null ? " (last error: " + lastError + ")" : " (last value: " + last + ")"));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            sleep(POLL_MILLIS);
        }
    }

    /** Asserts that {@code condition} keeps holding for the whole of {@code period}. */
    public static void during(String what, Duration period, BooleanSupplier condition) {
        long deadline = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < deadline) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("stopped holding within " + period.toMillis() + " ms: " + what);
            }
            sleep(POLL_MILLIS * 5);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The accepted value and how long it took to arrive. */
    public record Result<T>(T value, Duration elapsed) {
    }
}
