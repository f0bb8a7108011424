package io.hurdvm.storage.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hurdvm.qmp.QmpCommandException;
import io.hurdvm.qmp.QmpExecutor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows QEMU block jobs by polling {@code query-jobs} (events do not reach us through the
 * supervisor's control socket). Jobs are started with {@code auto-dismiss: false} so that a
 * finished job, and its error, stays visible until we have read it.
 */
final class BlockJobs {
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final QmpExecutor qmp;

    BlockJobs(QmpExecutor qmp) {
        this.qmp = qmp;
    }

    /** Waits for the job to conclude; returns bytes processed or throws with QEMU's error. */
    long awaitConcluded(String id, Duration timeout, BackupProgress progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = find(id).orElseThrow(() -> new BackupException("backup job " + id + " vanished from QEMU (was the VM restarted?)"));
            long done = job.path("current-progress").asLong();
            long total = job.path("total-progress").asLong();
            progress.bytes("disk", done, total);
            if ("concluded".equals(job.path("status").asText())) {
                if (job.hasNonNull("error")) {
                    throw new BackupException("QEMU backup job failed: " + job.path("error").asText());
                }
                return done;
            }
            if (System.nanoTime() > deadline) {
                throw new BackupException("backup job " + id + " did not finish within " + timeout.toSeconds()
                        + " s (" + done + " of " + total + " bytes); it was cancelled, retry with a longer --timeout");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private Optional<JsonNode> find(String id) {
        for (JsonNode j : qmp.execute("query-jobs", null, CALL)) {
            if (id.equals(j.path("id").asText())) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    /** Cancels (if still running) and dismisses every job whose id starts with {@code prefix}; waits until gone. */
    void cancelAndDismiss(String prefix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            boolean any = false;
            for (JsonNode j : qmp.execute("query-jobs", null, CALL)) {
                String id = j.path("id").asText();
                if (!id.startsWith(prefix)) {
                    continue;
                }
                any = true;
                String status = j.path("status").asText();
                try {
                    if ("concluded".equals(status)) {
                        qmp.execute("job-dismiss", JSON.objectNode().put("id", id), CALL);
                    } else if (!"aborting".equals(status) && !"null".equals(status)) {
                        qmp.execute("job-cancel", JSON.objectNode().put("id", id), CALL);
                    }
                } catch (QmpCommandException e) {
                    // the job changed state between query and command; the next round sees the new state
                }
            }
            if (!any) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new BackupException("QEMU did not cancel the backup jobs " + prefix + "* within 60 s");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }
}
