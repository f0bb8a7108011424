package io.hurdvm.storage.snapshot;

import io.hurdvm.errors.ErrorKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.qmp.QmpExecutor;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Runs one QMP background job to its end: starts it under a fresh job id, polls {@code query-jobs}
 * until it is {@code concluded} (the executor may be the supervisor's control socket, which carries no
 * events, so the job status is polled), then dismisses it and reports its error, if any.
 */
public final class QmpJobRunner {
    private static final Duration QMP_CALL = Duration.ofSeconds(30);
    private static final long FIRST_POLL_MILLIS = 20;
    private static final long MAX_POLL_MILLIS = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final QmpExecutor qmp;
    private final Duration jobTimeout;

    public QmpJobRunner(QmpExecutor qmp, Duration jobTimeout) {
        this.qmp = qmp;
        this.jobTimeout = jobTimeout;
    }

    /**
     * Starts {@code command} with {@code arguments} plus a {@code job-id} and waits for it.
     *
     * @throws SnapshotException (FAILED) with QEMU's error if the job concluded with one, or if it did
     *                           not conclude within the job timeout (it is then left running, not dismissed)
     */
    public void run(String command, ObjectNode arguments) {
        String jobId = "hurdvm-" + command + "-" + HexFormat.of().formatHex(randomBytes());
        ObjectNode args = arguments.deepCopy().put("job-id", jobId);
        qmp.execute(command, args, QMP_CALL);
        JsonNode job = awaitConcluded(command, jobId);
        qmp.execute("job-dismiss", JsonNodeFactory.instance.objectNode().put("id", jobId), QMP_CALL);
        if (job.hasNonNull("error")) {
            throw new SnapshotException(ErrorKind.FAILURE, command + " failed: " + job.get("error").asText());
        }
    }

    private JsonNode awaitConcluded(String command, String jobId) {
        long deadline = System.nanoTime() + jobTimeout.toNanos();
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            JsonNode job = find(jobId);
            if (job == null) {
                throw new SnapshotException(ErrorKind.FAILURE, command + " job " + jobId
                        + " vanished from query-jobs before it concluded (dismissed by someone else?)");
            }
            if ("concluded".equals(job.path("status").asText())) {
                return job;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new SnapshotException(ErrorKind.FAILURE, command + " job " + jobId + " still "
                        + job.path("status").asText() + " after " + jobTimeout.toSeconds() + "s; it keeps running in QEMU:"
                        + " check 'hurdvm qmp NAME query-jobs' and retry with a longer --timeout");
            }
            // The control socket relays no QMP events, so the job's progress can only be polled.
            pause(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            pause = Math.min(pause * 2, MAX_POLL_MILLIS);
        }
    }

    private JsonNode find(String jobId) {
        for (JsonNode job : qmp.execute("query-jobs", null, QMP_CALL)) {
            if (jobId.equals(job.path("id").asText())) {
                return job;
            }
        }
        return null;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException(ErrorKind.FAILURE, "interrupted while waiting for a QMP job", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return b;
    }
}
