package io.hurdvm.storage.schedule;

import io.hurdvm.errors.ErrorText;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.progress.Progress;
import io.hurdvm.storage.backup.BackupCopier;
import io.hurdvm.storage.backup.BackupException;
import io.hurdvm.storage.backup.BackupKey;
import io.hurdvm.storage.backup.BackupPruner;
import io.hurdvm.storage.backup.BackupStatus;
import io.hurdvm.storage.backup.CopyRequest;
import io.hurdvm.storage.backup.CopyResult;
import io.hurdvm.storage.target.BackupTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * After a scheduled backup: each {@code copyTo} place gets every backup of the schedule the target keeps
 * and it lacks (with their chains, so a copy that failed last time is made up for), then the schedule's
 * retention, as on the target. Every place is tried even when one fails; a failure then fails the run and
 * counts as a failed backup in {@code backup-status.json}, since the backup is not in every place the
 * schedule promises.
 */
final class ScheduledCopies {
    private final InstancePaths paths;
    private final Map<String, String> env;
    private final ZoneId zone;

    ScheduledCopies(InstancePaths paths, Map<String, String> env, ZoneId zone) {
        this.paths = paths;
        this.env = env;
        this.zone = zone;
    }

    /**
     * @param mineKept the schedule's backups the target keeps after its retention
     * @param start    when the run started, for the failed attempt's duration
     * @return "; copied N to URI ..." per place, empty without places
     * @throws BackupException naming every place that failed (and what the others got)
     */
    String copy(BackupTarget target, BackupPlan plan, ScheduleEntry entry, List<String> mineKept, Optional<BackupKey> key, Instant start) {
        StringBuilder done = new StringBuilder();
        List<String> failed = new ArrayList<>();
        for (CopyTarget place : plan.copyTo()) {
            try (BackupTarget copy = place.open(env)) {
                CopyResult r = BackupCopier.forInstance(paths).copy(target, copy, new CopyRequest(paths.name(), mineKept, key, false, 0),
                        Progress.SILENT);
                BackupPruner.Result pruned = new BackupPruner(paths).pruneKeeping(copy, backups -> BackupScheduleAction.kept(backups, entry, zone));
                done.append("; copied ").append(r.copied().size()).append(" to ").append(copy.uri())
                        .append(pruned.deleted().isEmpty() ? "" : " (deleted there " + String.join(", ", pruned.deleted()) + ")");
            } catch (RuntimeException e) {
                failed.add(place.target() + ": " + ErrorText.of(e));
            }
        }
        if (!failed.isEmpty()) {
            BackupStatus.read(paths.dir()).ifPresent(s -> BackupStatus.write(paths.dir(),
                    s.failed(Duration.between(start, Instant.now()).toMillis() / 1000.0)));
            throw new BackupException("the backup was made" + done + ", but copying failed: " + String.join("; ", failed));
        }
        return done.toString();
    }
}
