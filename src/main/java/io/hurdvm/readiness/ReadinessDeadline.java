package io.hurdvm.readiness;

import io.hurdvm.time.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;

/** A readiness wait's {@link Deadline}, with what every check needs besides: is the guest still alive, how to time out. */
record ReadinessDeadline(Deadline clock) {
    /** How often a wait checks that the guest is still alive: QEMU's death shows within this. */
    static final Duration LIVENESS_INTERVAL = Duration.ofMillis(200);
    /** Number of console lines a {@link GuestDiedException} carries. */
    private static final int LAST_LINES = 20;

    static ReadinessDeadline after(Duration timeout) {
        return new ReadinessDeadline(Deadline.after(timeout));
    }

    Duration remaining() {
        return clock.remaining();
    }

    boolean passed() {
        return clock.passed();
    }

    /** The earlier of the deadline and {@code step} from now. */
    Instant within(Duration step) {
        return clock.within(step);
    }

    /** Throws {@link GuestDiedException} if the target's process has exited. */
    void requireAlive(ReadinessTarget target, String awaited) {
        if (!target.processAlive()) {
            throw new GuestDiedException(awaited, target.console().lastLines(LAST_LINES));
        }
    }

    ReadinessTimeoutException timedOut(String awaited, String lastFailure) {
        return new ReadinessTimeoutException(awaited, clock.timeout(), lastFailure);
    }

    /**
     * Waits before the next attempt against an external service (a port, a command) that cannot notify
     * us when it is ready; never past the deadline.
     */
    void pauseBeforeRetry(Duration pause) {
        try {
            clock.pause(pause);
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
