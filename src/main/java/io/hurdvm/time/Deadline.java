package io.hurdvm.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The moment a wait gives up. Every wait in hurdvm has one: waits on conditions that cannot notify us
 * (a file, a process, a port) poll until it passes, with a {@link Backoff} between looks.
 */
public final class Deadline {
    private final long atNanos;
    private final Duration timeout;

    private Deadline(long atNanos, Duration timeout) {
        this.atNanos = atNanos;
        this.timeout = timeout;
    }

    /** @throws IllegalArgumentException for a negative timeout */
    public static Deadline after(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a timeout must not be negative, got " + timeout);
        }
        // Saturates instead of overflowing for huge timeouts ("no limit" written as years).
        long nanos = timeout.compareTo(Duration.ofDays(10_000)) > 0 ? Long.MAX_VALUE / 4 : timeout.toNanos();
        return new Deadline(System.nanoTime() + nanos, timeout);
    }

    /** What the wait was given, for messages ("timed out after 30s"). */
    public Duration timeout() {
        return timeout;
    }

    public Duration remaining() {
        long left = atNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public boolean passed() {
        return atNanos - System.nanoTime() <= 0;
    }

    /** The earlier of {@code step} and what is left. */
    public Duration upTo(Duration step) {
        Duration left = remaining();
        return step.compareTo(left) <= 0 ? step : left;
    }

    /** The wall-clock instant {@code step} from now, or the deadline if that comes first. */
    public Instant within(Duration step) {
        return Instant.now().plus(upTo(step));
    }

    /** Sleeps for {@code pause}, never past the deadline: between looks at something that cannot notify us. */
    public void pause(Duration pause) throws InterruptedException {
        Duration d = upTo(pause);
        if (!d.isZero()) {
            Thread.sleep(d);
        }
    }
}
