package io.hurdvm.storage.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hurdvm.qmp.QmpCommandException;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.qmp.QmpJobs;
import java.time.Duration;

/**
 * The running VM's disk node as a backup sees it: its size, whether its persistent dirty bitmap can
 * be trusted, and the cleanup of jobs and nodes a killed earlier backup left inside QEMU. The backup
 * itself reads the disk through a {@link FleecingExport}.
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
}
