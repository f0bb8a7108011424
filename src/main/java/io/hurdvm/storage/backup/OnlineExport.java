package io.hurdvm.storage.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.progress.Progress;
import io.hurdvm.qmp.QmpCommandException;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.qmp.QmpJobException;
import io.hurdvm.qmp.QmpJobs;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Backs up the running VM's disk with QMP {@code blockdev-backup} into a qcow2 file, without pausing
 * the guest: QEMU copies old data aside before the guest overwrites it, so the copy is the disk as
 * it was when the job started. A full backup (re)creates the persistent dirty bitmap in the same
 * transaction as the job starts, so the bitmap counts exactly the writes after that point. An
 * incremental copies only the bitmap's clusters with {@code bitmap-mode: on-success}: QEMU clears
 * them only if the job succeeds, so a failed or cancelled run loses no changes.
 */
final class OnlineExport {
    static final String DISK_NODE = "disk0";
    /** QEMU node names have at most 31 characters: prefix + 20-character backup id fits. */
    static final String PREFIX = "hvbk-";
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** How long QEMU gets to cancel leftover jobs of a killed earlier run. */
    private static final Duration CANCEL = Duration.ofSeconds(60);
    private final QmpExecutor qmp;
    private final QmpJobs jobs;

    OnlineExport(QmpExecutor qmp) {
        this.qmp = qmp;
        this.jobs = new QmpJobs(qmp);
    }

    long virtualSize() {
        return diskNode().path("image").path("virtual-size").asLong();
    }

    boolean hasBitmap() {
        for (JsonNode b : diskNode().path("dirty-bitmaps")) {
            if (BackupImages.BITMAP.equals(b.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Present, persistent, and not marked inconsistent (as it is after QEMU died without saving it). */
    boolean bitmapUsable() {
        for (JsonNode b : diskNode().path("dirty-bitmaps")) {
            if (BackupImages.BITMAP.equals(b.path("name").asText())) {
                return b.path("persistent").asBoolean() && !b.path("inconsistent").asBoolean() && !b.path("busy").asBoolean();
            }
        }
        return false;
    }

    private JsonNode diskNode() {
        for (JsonNode n : qmp.execute("query-named-block-nodes", JSON.objectNode().put("flat", true), CALL)) {
            if (DISK_NODE.equals(n.path("node-name").asText())) {
                return n;
            }
        }
        throw new BackupException("the VM has no block node '" + DISK_NODE + "': is it a hurdvm instance?");
    }

    /** Cancels jobs and removes target nodes that a killed earlier run left inside QEMU. */
    void removeStaleJobs() {
        jobs.cancelAndDismiss(PREFIX, CANCEL);
        for (JsonNode n : qmp.execute("query-named-block-nodes", JSON.objectNode().put("flat", true), CALL)) {
            String name = n.path("node-name").asText();
            if (name.startsWith(PREFIX)) {
                try {
                    qmp.execute("blockdev-del", JSON.objectNode().put("node-name", name), CALL);
                } catch (QmpCommandException e) {
                    // a protocol child of a node deleted just before; it went with its parent
                }
            }
        }
    }

    /**
     * Runs the backup job into {@code target} (an existing empty qcow2 of the disk's size).
     *
     * @return the guest bytes QEMU copied
     */
    long export(Path target, String jobName, boolean full, long speedBytesPerSecond, Duration timeout, Progress progress) {
        String node = PREFIX + jobName;
        ObjectNode add = JSON.objectNode().put("driver", "qcow2").put("node-name", node);
        // A scratch copy that hurdvm reads right after and deletes: closing the node need not wait
        // for it to reach the disk (the stored file is fsynced by the target before it counts).
        add.putObject("cache").put("no-flush", true);
        add.putObject("file").put("driver", "file").put("filename", target.toAbsolutePath().toString());
        qmp.execute("blockdev-add", add, CALL);
        try {
            ObjectNode backup = JSON.objectNode().put("job-id", node).put("device", DISK_NODE).put("target", node)
                    .put("compress", true).put("auto-dismiss", false).put("speed", speedBytesPerSecond);
            if (full) {
                backup.put("sync", "full");
                startFull(backup);
            } else {
                backup.put("sync", "bitmap").put("bitmap", BackupImages.BITMAP).put("bitmap-mode", "on-success");
                qmp.execute("blockdev-backup", backup, CALL);
            }
            return copied(node, jobs.awaitConcluded(node, timeout, (done, total) -> progress.bytes("disk", done, total)));
        } catch (QmpJobException e) {
            throw new BackupException(e.kind(), "backup job " + node + ": " + e.getMessage(), e);
        } finally {
            jobs.cancelAndDismiss(node, CANCEL);
            qmp.execute("blockdev-del", JSON.objectNode().put("node-name", node), CALL);
        }
    }

    /** The bytes the concluded job copied, or QEMU's error. */
    private static long copied(String node, JsonNode job) {
        if (job.hasNonNull("error")) {
            throw new BackupException("QEMU backup job " + node + " failed: " + job.path("error").asText());
        }
        return job.path("current-progress").asLong();
    }

    private void startFull(ObjectNode backup) {
        if (hasBitmap()) {
            // Removed and re-added rather than cleared: also repairs a bitmap QEMU marked inconsistent.
            qmp.execute("block-dirty-bitmap-remove", JSON.objectNode().put("node", DISK_NODE).put("name", BackupImages.BITMAP), CALL);
        }
        ArrayNode actions = JSON.arrayNode();
        actions.addObject().put("type", "block-dirty-bitmap-add").putObject("data")
                .put("node", DISK_NODE).put("name", BackupImages.BITMAP).put("persistent", true);
        actions.addObject().put("type", "blockdev-backup").set("data", backup);
        ObjectNode tx = JSON.objectNode();
        tx.set("actions", actions);
        qmp.execute("transaction", tx, CALL);
    }
}
