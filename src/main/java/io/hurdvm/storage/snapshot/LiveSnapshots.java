package io.hurdvm.storage.snapshot;

import io.hurdvm.errors.ErrorKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.qmp.QmpJobException;
import io.hurdvm.qmp.QmpJobs;
import java.time.Duration;

/**
 * Internal snapshots of a running VM through QMP jobs (QEMU 7.2 {@code snapshot-save/-load/-delete}).
 * Save and load pause the guest while they run, so disk and memory are captured (and restored)
 * together, consistently. The saved memory goes into the qcow2 node {@code disk0} itself.
 */
final class LiveSnapshots {
    /** The qcow2 node QemuCommandBuilder gives the instance disk; it holds the disk and the vmstate. */
    static final String DISK_NODE = "disk0";
    private static final Duration QMP_CALL = Duration.ofSeconds(30);

    private final QmpExecutor qmp;
    private final QmpJobs jobs;
    private final Duration jobTimeout;

    LiveSnapshots(QmpExecutor qmp, Duration jobTimeout) {
        this.qmp = qmp;
        this.jobs = new QmpJobs(qmp);
        this.jobTimeout = jobTimeout;
    }

    void save(SnapshotName name) {
        runJob("snapshot-save", args(name).put("vmstate", DISK_NODE));
    }

    void delete(SnapshotName name) {
        runJob("snapshot-delete", args(name));
    }

    /** One snapshot job to its end; QEMU's error (or the job's disappearance or timeout) as a SnapshotException. */
    private void runJob(String command, ObjectNode arguments) {
        try {
            jobs.run(command, arguments, jobTimeout).ifPresent(error -> {
                throw new SnapshotException(ErrorKind.FAILURE, command + " failed: " + error);
            });
        } catch (QmpJobException e) {
            throw new SnapshotException(e.kind(), e.getMessage(), e);
        }
    }

    /**
     * Loads disk and memory. QEMU pauses the guest for the load and resumes it only on success; after
     * a failure the guest's memory may be half overwritten, so it is deliberately left paused.
     */
    void load(SnapshotName name, String instance) {
        boolean wasRunning = isRunning();
        removeDirtyBitmaps();
        try {
            runJob("snapshot-load", args(name).put("vmstate", DISK_NODE));
        } catch (SnapshotException e) {
            if (wasRunning && !isRunning()) {
                throw new SnapshotException(ErrorKind.VM_FAILED, e.getMessage() + "; " + instance
                        + " is left paused (" + status() + ") because its memory may be partly overwritten: restore"
                        + " another snapshot, or restart it with 'hurdvm down --force " + instance + "' and 'hurdvm up "
                        + instance + "'", e);
            }
            throw e;
        }
        if (wasRunning && !isRunning()) {
            // QEMU 7.2 resumes after a successful load; this covers builds that leave the VM stopped.
            qmp.execute("cont", null, QMP_CALL);
        }
    }

    /**
     * QEMU refuses to load a snapshot under active dirty bitmaps ("Device has active dirty bitmaps"),
     * and rightly so: the disk goes back to another time, so what an incremental backup's bitmap says
     * changed since the last backup is no longer true. The bitmaps go; the next backup is a full one.
     */
    private void removeDirtyBitmaps() {
        for (JsonNode node : qmp.execute("query-named-block-nodes", JsonNodeFactory.instance
                .objectNode().put("flat", true), QMP_CALL)) {
            if (!DISK_NODE.equals(node.path("node-name").asText())) {
                continue;
            }
            for (JsonNode bitmap : node.path("dirty-bitmaps")) {
                qmp.execute("block-dirty-bitmap-remove", JsonNodeFactory.instance.objectNode()
                        .put("node", DISK_NODE).put("name", bitmap.path("name").asText()), QMP_CALL);
            }
        }
    }

    boolean isRunning() {
        return queryStatus().path("running").asBoolean(false);
    }

    private String status() {
        return queryStatus().path("status").asText("unknown");
    }

    private JsonNode queryStatus() {
        return qmp.execute("query-status", null, QMP_CALL);
    }

    private static ObjectNode args(SnapshotName name) {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("tag", name.value());
        args.putArray("devices").add(DISK_NODE);
        return args;
    }
}
