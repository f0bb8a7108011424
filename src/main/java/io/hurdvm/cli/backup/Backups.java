package io.hurdvm.cli.backup;

import io.hurdvm.api.BackupReplies;
import io.hurdvm.cli.HostOption;
import io.hurdvm.storage.backup.BackupComparison;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The backup operations of the {@code backup} commands, on this host or through a daemon
 * ({@code --host}); {@link #of} chooses once. Options that only make sense here (a copy speed, trusting
 * a backup's network settings, accepting unencrypted backups) are refused by the daemon side with a
 * one-line reason instead of being ignored.
 */
interface Backups {
    BackupReplies.Created create(String instance, CreateOptions options);

    BackupReplies.Listing list(String instance);

    /** The target's backups side by side with those at {@code otherUri}: what is missing where. */
    BackupComparison compare(String instance, String otherUri, TargetOptions.S3Flags otherFlags);

    /** Every backup of the instance when {@code id} is empty. */
    List<BackupReplies.Verified> verify(String instance, Optional<String> id, boolean allowUnencrypted);

    BackupReplies.Pruned prune(String instance, int keepChains);

    /** {@code notes}: what the restore did not take from the backup, for the user to read. */
    BackupReplies.Restored restore(RestoreOptions options, PrintWriter notes);

    /** {@code speed}: QEMU's copy rate limit ("50M"), null for none. */
    record CreateOptions(boolean full, int maxIncrementals, String speed, Duration copyTimeout) {
    }

    record RestoreOptions(InstanceName source, String backupId, InstanceName as, boolean replace, boolean trustNetwork,
                          boolean allowUnencrypted) {
    }

    /** {@code progress}: where local work reports its bytes (a daemon reports none). */
    static Backups of(HostOption host, TargetOptions target, PrintWriter progress) {
        return host.choose(env -> new LocalBackups(env, target, progress), h -> new DaemonBackups(h, target));
    }
}
