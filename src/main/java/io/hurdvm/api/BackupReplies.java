package io.hurdvm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hurdvm.storage.backup.BackupListItem;
import io.hurdvm.storage.backup.BackupManifest;
import io.hurdvm.storage.backup.TransferSummary;
import java.util.List;

/**
 * The JSON bodies {@link BackupRoutes} answers with, and {@link DaemonClient} reads back; {@code target}
 * is always the URI used, never with credentials.
 */
public final class BackupReplies {
    private BackupReplies() {
    }

    /** The list: the rows are those of {@code hurdvm backup list --output json}. */
    public record Listing(String instance, String target, List<BackupListItem> backups) {
    }

    /** How much a backup, restore or verify moved, and how long it took. */
    public record Transfer(long bytesRead, long bytesWritten, double seconds) {
        public static Transfer of(TransferSummary s) {
            return new Transfer(s.bytesRead(), s.bytesWritten(), s.duration().toMillis() / 1000.0);
        }

        public TransferSummary toSummary() {
            return new TransferSummary(bytesRead, bytesWritten, java.time.Duration.ofMillis(Math.round(seconds * 1000)));
        }
    }

    /**
     * A new backup. {@code mode} is {@code online} (QEMU's backup job, the guest keeps running) or
     * {@code offline} (qemu-img on the stopped disk, always full); {@code kindReason} says why it is
     * full or incremental.
     */
    public record Created(String instance, String target, String mode, String kindReason, int leftoversRemoved,
                   BackupManifest manifest, Transfer summary) {
    }

    /** A verify result; on 422 {@code error} sums up the {@code problems} in one line. */
    public record Verified(@JsonInclude(JsonInclude.Include.NON_NULL) String error, String instance, String target, String id,
                    boolean ok, List<String> problems, long bytesRead, double seconds) {
    }

    /** A restore: {@code instance} is the new (or replaced) one, {@code chain} the backups applied, full one first. */
    public record Restored(String instance, String from, String backup, List<String> chain, boolean replaced, String target,
                    Transfer summary) {
    }

    /** {@code deleted}: backup ids removed, newest first; {@code leftovers}: interrupted backups removed. */
    public record Pruned(String instance, String target, int keep, List<String> deleted, int leftovers) {
    }
}
