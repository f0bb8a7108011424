package io.hurdvm.storage.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.qmp.QmpCommandException;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.qmp.QmpJobs;
import io.hurdvm.time.Deadline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A point-in-time NBD view of the running VM's disk without a staging copy (QEMU "image fleecing"):
 * a temporary qcow2 node backed by {@code disk0} gets a {@code blockdev-backup sync=none} job, so QEMU
 * copies a cluster aside only before the guest overwrites it, and reads of that node are the disk as
 * it was when the transaction ran. The node is exported read-only over NBD on a Unix socket in the
 * instance's QEMU folder. For an incremental, the same transaction moves the persistent bitmap's bits
 * into a disabled, non-persistent one ({@link #FROZEN} + id) that the export offers as the meta context
 * {@code qemu:dirty-bitmap:NAME}; {@link #close} with {@code succeeded == false} merges them back, so a
 * failed or cancelled backup loses no changes (and a killed one leaves the chain marked in flight,
 * which makes the next backup a full one).
 */
final class FleecingExport implements AutoCloseable {
    static final String EXPORT = "disk";
    static final String FROZEN = OnlineExport.PREFIX + "f-";
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final Duration CANCEL = Duration.ofSeconds(60);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final QmpExecutor qmp;
    private final String node;
    private final Optional<String> frozenBitmap;
    private final Path socket;
    private boolean succeeded;

    private FleecingExport(QmpExecutor qmp, String node, Optional<String> frozenBitmap, Path socket) {
        this.qmp = qmp;
        this.node = node;
        this.frozenBitmap = frozenBitmap;
        this.socket = socket;
    }

    /**
     * Starts the view. {@code fleece} is an empty qcow2 of the disk's size that QEMU can open;
     * {@code socket} a path in a folder only QEMU's user and hurdvm can enter, short enough for a socket
     * address ({@link io.hurdvm.instance.QemuWorkDir#socket}).
     */
    static FleecingExport start(QmpExecutor qmp, String id, boolean full, Path fleece, Path socket) {
        String node = OnlineExport.PREFIX + id;
        Optional<String> frozen = full ? Optional.empty() : Optional.of(FROZEN + id);
        ObjectNode add = JSON.objectNode().put("driver", "qcow2").put("node-name", node).put("backing", OnlineExport.DISK_NODE);
        add.putObject("cache").put("no-flush", true); // scratch: never needs to reach the disk
        add.putObject("file").put("driver", "file").put("filename", fleece.toAbsolutePath().toString());
        qmp.execute("blockdev-add", add, CALL);
        FleecingExport export = new FleecingExport(qmp, node, frozen, socket);
        try {
            export.freeze(full);
            ObjectNode server = JSON.objectNode();
            // nbd-server-start takes the legacy SocketAddress form: {type, data: {...}}
            server.putObject("addr").put("type", "unix").putObject("data").put("path", socket.toAbsolutePath().toString());
            qmp.execute("nbd-server-start", server, CALL);
            ObjectNode exp = JSON.objectNode().put("type", "nbd").put("id", node).put("node-name", node)
                    .put("name", EXPORT).put("writable", false);
            frozen.ifPresent(b -> exp.putArray("bitmaps").add(b));
            qmp.execute("block-export-add", exp, CALL);
            return export;
        } catch (RuntimeException e) {
            export.close();
            throw e;
        }
    }

    Path socket() {
        return socket;
    }

    /** The meta context of the changed clusters (incremental only). */
    Optional<String> dirtyContext() {
        return frozenBitmap.map(b -> "qemu:dirty-bitmap:" + b);
    }

    /** Call once the backup is stored: then the frozen bits are dropped instead of merged back. */
    void succeeded() {
        succeeded = true;
    }

    private void freeze(boolean full) {
        ArrayNode actions = JSON.arrayNode();
        if (full) {
            if (bitmapPresent(BackupImages.BITMAP)) {
                // Removed and re-added rather than cleared: also repairs a bitmap QEMU marked inconsistent.
                qmp.execute("block-dirty-bitmap-remove", bitmap(BackupImages.BITMAP), CALL);
            }
            actions.addObject().put("type", "block-dirty-bitmap-add").set("data", bitmap(BackupImages.BITMAP).put("persistent", true));
        } else {
            String frozen = frozenBitmap.orElseThrow();
            actions.addObject().put("type", "block-dirty-bitmap-add").set("data", bitmap(frozen).put("persistent", false).put("disabled", true));
            ObjectNode merge = JSON.objectNode().put("node", OnlineExport.DISK_NODE).put("target", frozen);
            merge.putArray("bitmaps").add(BackupImages.BITMAP);
            actions.addObject().put("type", "block-dirty-bitmap-merge").set("data", merge);
            actions.addObject().put("type", "block-dirty-bitmap-clear").set("data", bitmap(BackupImages.BITMAP));
        }
        actions.addObject().put("type", "blockdev-backup").set("data", JSON.objectNode().put("job-id", node)
                .put("device", OnlineExport.DISK_NODE).put("target", node).put("sync", "none").put("auto-dismiss", false));
        ObjectNode tx = JSON.objectNode();
        tx.set("actions", actions);
        qmp.execute("transaction", tx, CALL);
    }

    /** Removes the export, the server, the job and the node; merges the frozen bits back unless the backup succeeded. */
    @Override
    public void close() {
        quietly(() -> qmp.execute("block-export-del", JSON.objectNode().put("id", node).put("mode", "hard"), CALL));
        awaitExportGone();
        quietly(() -> qmp.execute("nbd-server-stop", JSON.objectNode(), CALL));
        new QmpJobs(qmp).cancelAndDismiss(node, CANCEL);
        frozenBitmap.filter(this::bitmapPresent).ifPresent(frozen -> {
            if (!succeeded) {
                ObjectNode merge = JSON.objectNode().put("node", OnlineExport.DISK_NODE).put("target", BackupImages.BITMAP);
                merge.putArray("bitmaps").add(frozen);
                qmp.execute("block-dirty-bitmap-merge", merge, CALL);
            }
            qmp.execute("block-dirty-bitmap-remove", bitmap(frozen), CALL);
        });
        quietly(() -> qmp.execute("blockdev-del", JSON.objectNode().put("node-name", node), CALL));
    }

    /**
     * Of a killed earlier run: merges frozen bitmaps back (their bits were taken out of the persistent
     * one) and stops the NBD server; {@link OnlineExport#removeStaleJobs} removes its job and node.
     */
    static void removeStale(QmpExecutor qmp) {
        for (JsonNode e : qmp.execute("query-block-exports", JSON.objectNode(), CALL)) {
            String id = e.path("id").asText();
            if (id.startsWith(OnlineExport.PREFIX)) {
                quietly(() -> qmp.execute("block-export-del", JSON.objectNode().put("id", id).put("mode", "hard"), CALL));
            }
        }
        quietly(() -> qmp.execute("nbd-server-stop", JSON.objectNode(), CALL));
        for (JsonNode n : qmp.execute("query-named-block-nodes", JSON.objectNode().put("flat", true), CALL)) {
            if (!OnlineExport.DISK_NODE.equals(n.path("node-name").asText())) {
                continue;
            }
            for (JsonNode b : n.path("dirty-bitmaps")) {
                String name = b.path("name").asText();
                if (name.startsWith(FROZEN)) {
                    ObjectNode merge = JSON.objectNode().put("node", OnlineExport.DISK_NODE).put("target", BackupImages.BITMAP);
                    merge.putArray("bitmaps").add(name);
                    quietly(() -> qmp.execute("block-dirty-bitmap-merge", merge, CALL));
                    qmp.execute("block-dirty-bitmap-remove", bitmap(name), CALL);
                }
            }
        }
    }

    private void awaitExportGone() {
        Deadline deadline = Deadline.after(CANCEL);
        while (!deadline.passed()) {
            boolean present = false;
            for (JsonNode e : qmp.execute("query-block-exports", JSON.objectNode(), CALL)) {
                present |= node.equals(e.path("id").asText());
            }
            if (!present) {
                return;
            }
            try {
                deadline.pause(Duration.ofMillis(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean bitmapPresent(String name) {
        for (JsonNode n : qmp.execute("query-named-block-nodes", JSON.objectNode().put("flat", true), CALL)) {
            if (OnlineExport.DISK_NODE.equals(n.path("node-name").asText())) {
                for (JsonNode b : n.path("dirty-bitmaps")) {
                    if (name.equals(b.path("name").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static ObjectNode bitmap(String name) {
        return JSON.objectNode().put("node", OnlineExport.DISK_NODE).put("name", name);
    }

    private static void quietly(Runnable qmpCall) {
        try {
            qmpCall.run();
        } catch (QmpCommandException e) {
            // already gone (or never made): nothing to undo
        }
    }
}
