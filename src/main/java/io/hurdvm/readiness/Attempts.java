package io.hurdvm.readiness;

import java.time.Duration;

/**
 * The retry loop of checks that probe something that cannot tell us when it is ready (a TCP port, a
 * command): attempt, pause, attempt again, until success, the guest's death or the deadline.
 */
final class Attempts {
    /** One attempt with at most {@code budget}; returns null on success, else why it failed. */
    @FunctionalInterface
    interface Attempt {
        String tryOnce(Duration budget, ReadinessDeadline deadline) throws InterruptedException;
    }

    private Attempts() {
    }

    static void until(ReadinessTarget target, Duration timeout, String awaited, Duration attemptTimeout,
            Duration pause, Attempt attempt) {
        ReadinessDeadline deadline = ReadinessDeadline.after(timeout);
        String lastFailure = null;
        while (true) {
            deadline.requireAlive(target, awaited);
            Duration left = deadline.remaining();
            if (left.toMillis() < 1) {
                throw deadline.timedOut(awaited, lastFailure);
            }
            try {
                lastFailure = attempt.tryOnce(left.compareTo(attemptTimeout) < 0 ? left : attemptTimeout, deadline);
            } catch (InterruptedException e) {
                throw ReadinessDeadline.interrupted();
            }
            if (lastFailure == null) {
                return;
            }
            deadline.requireAlive(target, awaited);
            deadline.pauseBeforeRetry(pause);
        }
    }
}
