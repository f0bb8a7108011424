package io.hurdvm.readiness;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;

/** The moment a wait gives up, with the bookkeeping every check needs. */
record Deadline(Instant at, Duration timeout) {
    /** How often a wait checks that the guest is still alive: QEMU's death shows within this. */
    static final Duration LIVENESS_INTERVAL = Duration.ofMillis(200);
    /** Number of console lines a {@link GuestDiedException} carries. */
    private static final int LAST_LINES = 20;

    static Deadline after(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("readiness timeout must not be negative, got " + timeout);
        }
        return new Deadline(Instant.now().plus(timeout), timeout);
    }

    Duration remaining() {
        Duration left = Duration.between(Instant.now(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    boolean passed() {
        return !Instant.now().isBefore(at);
    }

    /** The earlier of the deadline and {@code step} from now. */
    Instant within(Duration step) {
        Instant next = Instant.now().plus(step);
        return next.isBefore(at) ? next : at;
    }

    /** Throws {@link GuestDiedException} if the target's process has exited. */
    void requireAlive(ReadinessTarget target, String awaited) {
        if (!target.processAlive()) {
            throw new GuestDiedException(awaited, target.console().lastLines(LAST_LINES));
        }
    }

    ReadinessTimeoutException timedOut(String awaited, String lastFailure) {
        return new ReadinessTimeoutException(awaited, timeout, lastFailure);
    }

    /**
     * Waits before the next attempt against an external service (a port, a command) that cannot notify
     * us when it is ready; never past the deadline.
     */
    void pauseBeforeRetry(Duration pause) {
        Duration left = remaining();
        try {
            Thread.sleep(pause.compareTo(left) < 0 ? pause : left);
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    static CancellationException interrupted() {
        Thread.currentThread().interrupt();
        return new CancellationException("interrupted while waiting for the guest to become ready");
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
