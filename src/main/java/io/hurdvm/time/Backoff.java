package io.hurdvm.time;

import java.time.Duration;

/**
 * Pauses that double from {@code initial} up to {@code max}: quick to notice what happens at once,
 * cheap when it takes long. One instance per wait (it counts).
 */
public final class Backoff {
    private final Duration max;
    private Duration next;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.next = initial;
        this.max = max;
    }

    /** For polls of local things (files, /proc): 10 ms, growing to 100 ms. */
    public static Backoff local() {
        return new Backoff(Duration.ofMillis(10), Duration.ofMillis(100));
    }

    /** The pause before the next look; each call doubles the following one, up to the maximum. */
    public Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    /** Sleeps the next pause, never past {@code deadline}. */
    public void pause(Deadline deadline) throws InterruptedException {
        deadline.pause(next());
    }
}
