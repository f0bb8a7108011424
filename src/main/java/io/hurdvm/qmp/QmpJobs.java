package io.hurdvm.qmp;

import io.hurdvm.time.Deadline;
import io.hurdvm.time.Backoff;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.errors.ErrorKind;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * QEMU's background jobs (snapshot-save/-load/-delete, blockdev-backup): start under a job id of our
 * own, wait until {@code concluded}, dismiss, report the error. Jobs run with {@code auto-dismiss} off
 * so a finished job and its error stay visible until read. On a {@link QmpClient} the wait follows
 * {@code JOB_STATUS_CHANGE} events; through the supervisor's control socket, which relays no events,
 * it polls {@code query-jobs} with a growing pause. Either way the deadline holds.
 */
public final class QmpJobs {
    /** Progress of a running job in QEMU's units (bytes for block jobs). */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);

        Progress NONE = (done, total) -> { };
    }

    private static final Duration CALL = Duration.ofSeconds(30);
    /** Even with events, progress is read this often (a backup shows its bytes). */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    private static final Duration FIRST_POLL = Duration.ofMillis(20);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final QmpExecutor qmp;

    public QmpJobs(QmpExecutor qmp) {
        this.qmp = qmp;
    }

    /** A fresh job id such as {@code hurdvm-snapshot-save-1a2b3c4d}: never one another caller uses. */
    public static String newId(String what) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "hurdvm-" + what + "-" + HexFormat.of().formatHex(b);
    }

    /**
     * Starts {@code command} under a new job id, waits for it and dismisses it.
     *
     * @return QEMU's error for a job that concluded with one, else empty
     */
    public Optional<String> run(String command, ObjectNode arguments, Duration timeout) {
        String id = newId(command);
        qmp.execute(command, arguments.deepCopy().put("job-id", id), CALL);
        JsonNode job = awaitConcluded(id, timeout, Progress.NONE);
        dismiss(id);
        return job.hasNonNull("error") ? Optional.of(job.get("error").asText()) : Optional.empty();
    }

    /**
     * Waits until job {@code id} has concluded and returns its {@code query-jobs} entry (with
     * {@code error} when it failed). A job still running at the deadline is left running.
     */
    public JsonNode awaitConcluded(String id, Duration timeout, Progress progress) {
        Deadline deadline = Deadline.after(timeout);
        Backoff backoff = new Backoff(FIRST_POLL, MAX_POLL);
        while (true) {
            EventWaiter change = qmp instanceof QmpClient client
                    ? client.expectEvent(e -> "JOB_STATUS_CHANGE".equals(e.name()) && e.data() != null && id.equals(e.data().path("id").asText()))
                    : null;
            try (change) {
                JsonNode job = find(id).orElseThrow(() -> new QmpJobException(ErrorKind.FAILURE, "QEMU job " + id
                        + " vanished before it concluded (was the VM restarted, or the job dismissed by someone else?)"));
                progress.update(job.path("current-progress").asLong(), job.path("total-progress").asLong());
                if ("concluded".equals(job.path("status").asText())) {
                    return job;
                }
                if (deadline.passed()) {
                    throw new QmpJobException(ErrorKind.TIMEOUT, "QEMU job " + id + " still " + job.path("status").asText()
                            + " after " + timeout.toSeconds() + "s (" + job.path("current-progress").asLong() + " of "
                            + job.path("total-progress").asLong() + "); it keeps running in QEMU: retry with a longer --timeout");
                }
                if (change != null) {
                    awaitChange(change, deadline.upTo(PROGRESS_EVERY));
                } else {
                    pause(backoff, deadline);
                }
            }
        }
    }

    public void dismiss(String id) {
        qmp.execute("job-dismiss", JSON.objectNode().put("id", id), CALL);
    }

    /** Cancels (if still running) and dismisses every job whose id starts with {@code prefix}; waits until all are gone. */
    public void cancelAndDismiss(String prefix, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        Backoff backoff = new Backoff(FIRST_POLL, MAX_POLL);
        while (true) {
            boolean any = false;
            for (JsonNode j : qmp.execute("query-jobs", null, CALL)) {
                String id = j.path("id").asText();
                if (id.startsWith(prefix)) {
                    any = true;
                    cancelOrDismiss(id, j.path("status").asText());
                }
            }
            if (!any) {
                return;
            }
            if (deadline.passed()) {
                throw new QmpJobException(ErrorKind.TIMEOUT, "QEMU did not end the jobs " + prefix + "* within " + timeout.toSeconds() + "s");
            }
            pause(backoff, deadline);
        }
    }

    private void cancelOrDismiss(String id, String status) {
        try {
            if ("concluded".equals(status)) {
                dismiss(id);
            } else if (!"aborting".equals(status) && !"null".equals(status)) {
                qmp.execute("job-cancel", JSON.objectNode().put("id", id), CALL);
            }
        } catch (QmpCommandException e) {
            // the job changed state between the query and the command; the next round sees the new one
        }
    }

    private Optional<JsonNode> find(String id) {
        for (JsonNode job : qmp.execute("query-jobs", null, CALL)) {
            if (id.equals(job.path("id").asText())) {
                return Optional.of(job);
            }
        }
        return Optional.empty();
    }

    /** Returns when the job changed or after {@code wait}, whichever comes first. */
    private static void awaitChange(EventWaiter change, Duration wait) {
        try {
            change.await(wait);
        } catch (QmpTimeoutException quiet) {
            // no change within the interval: read the progress again
        }
    }

    private static void pause(Backoff backoff, Deadline deadline) {
        try {
            backoff.pause(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpJobException(ErrorKind.FAILURE, "interrupted while waiting for a QEMU job");
        }
    }
}
