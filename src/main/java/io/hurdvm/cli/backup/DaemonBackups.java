package io.hurdvm.cli.backup;

import io.hurdvm.api.BackupReplies;
import io.hurdvm.cli.CliException;
import io.hurdvm.cli.HostOption;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.storage.backup.BackupComparison;
import io.hurdvm.storage.backup.BackupListItem;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** Backups through a 'hurdvm serve' daemon, to the daemon's default target or the URI given. */
final class DaemonBackups implements Backups {
    private final HostOption host;
    private final Optional<String> target;

    DaemonBackups(HostOption host, TargetOptions targetOptions) {
        this.host = host;
        this.target = targetOptions.remoteTarget();
    }

    @Override
    public BackupReplies.Created create(String instance, CreateOptions o) {
        if (o.speed() != null) {
            throw new CliException(ErrorKind.BAD_INPUT, "--speed does not apply with --host (the daemon's backups run unthrottled)");
        }
        return host.call(c -> c.backup(instance, target, o.full(), o.maxIncrementals(), o.copyTimeout()));
    }

    @Override
    public BackupReplies.Listing list(String instance) {
        return host.call(c -> c.backups(instance, target));
    }

    @Override
    public BackupComparison compare(String instance, String otherUri, TargetOptions.S3Flags otherFlags) {
        throw new CliException(ErrorKind.BAD_INPUT, "--compare does not apply with --host: compare on the daemon's host");
    }

    /** The daemon verifies one backup per call: without an id, every listed one in turn. */
    @Override
    public List<BackupReplies.Verified> verify(String instance, Optional<String> id, boolean allowUnencrypted) {
        if (allowUnencrypted) {
            throw new CliException(ErrorKind.BAD_INPUT, "--allow-unencrypted does not apply with --host: the daemon trusts what its own key decides");
        }
        return host.call(c -> {
            List<String> ids = id.isPresent() ? List.of(id.get()) : c.backups(instance, target).backups().stream().map(BackupListItem::id).toList();
            return ids.stream().map(i -> c.verify(instance, i, target)).toList();
        });
    }

    @Override
    public BackupReplies.Pruned prune(String instance, int keepChains) {
        return host.call(c -> c.prune(instance, keepChains, target));
    }

    /** The daemon restores with its own key and never takes the backup's network settings. */
    @Override
    public BackupReplies.Restored restore(RestoreOptions o, PrintWriter notes) {
        if (o.trustNetwork() || o.allowUnencrypted()) {
            throw new CliException(ErrorKind.BAD_INPUT, "--trust-backup-network and --allow-unencrypted do not apply with --host:"
                    + " a daemon never widens a restored instance's network exposure");
        }
        return host.call(c -> c.restore(o.source().value(), o.backupId(), o.as().value(), o.replace(), target));
    }
}
