package io.hurdvm.supervisor;

import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.time.Backoff;
import io.hurdvm.time.Deadline;
import java.time.Duration;

/** Polls {@code query-migrate} until a migration (outgoing or incoming) has ended. */
final class MigrationStatus {
    private static final Duration STEP = Duration.ofSeconds(10);

    private MigrationStatus() {
    }

    /** Returns once QEMU reports {@code completed}; fails on {@code failed}/{@code cancelled} or at the deadline. */
    static void awaitCompleted(QmpExecutor qmp, Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        // A restored clone's start waits on this: the first looks come quickly, a long save is not polled hard.
        Backoff backoff = new Backoff(Duration.ofMillis(5), Duration.ofMillis(100));
        while (true) {
            var answer = qmp.execute("query-migrate", null, STEP);
            String status = answer.path("status").asText("");
            switch (status) {
                case "completed" -> {
                    return;
                }
                case "failed", "cancelled" -> throw new IllegalStateException("the migration " + status
                        + (answer.has("error-desc") ? ": " + answer.path("error-desc").asText() : ""));
                default -> {
                    if (deadline.passed()) {
                        throw new IllegalStateException("the migration did not complete within " + timeout.toSeconds() + " s (status '" + status + "')");
                    }
                    backoff.pause(deadline);
                }
            }
        }
    }
}
