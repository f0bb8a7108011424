package io.hurdvm.storage.schedule;

import io.hurdvm.config.ByteSize;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.progress.Progress;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.storage.backup.BackupImages;
import io.hurdvm.storage.backup.BackupManifest;
import io.hurdvm.storage.backup.BackupOptions;
import io.hurdvm.storage.backup.BackupPruner;
import io.hurdvm.storage.backup.BackupResult;
import io.hurdvm.storage.backup.BackupService;
import io.hurdvm.storage.target.BackupTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link ScheduleKind#BACKUP} action: an online backup of the running instance to the schedule's
 * {@link BackupPlan} target, tagged with the schedule's id, then the schedule's retention applied to
 * the backups it made. A backup someone else made is never deleted, nor one a kept backup builds on.
 * Then each {@code copyTo} place gets every backup of the schedule it lacks (with their chains, so a
 * copy that failed last time is made up for) and the same retention.
 */
public final class BackupScheduleAction implements ScheduledAction {
    /** A copy job's limit, as for {@code backup create}; a stop interrupts it sooner. */
    private static final Duration JOB_TIMEOUT = Duration.ofHours(6);

    private final InstancePaths paths;
    private final QmpExecutor qmp;
    private final String hurdvmVersion;
    private final Map<String, String> env;
    private final ZoneId zone;

    /**
     * @param qmp  the supervisor's own QMP of the instance's QEMU (QEMU allows one client)
     * @param env  the supervisor's environment, for S3 settings the plan leaves open
     * @param zone wall-clock zone of cron times and retention buckets
     */
    public BackupScheduleAction(InstancePaths paths, QmpExecutor qmp, String hurdvmVersion, Map<String, String> env, ZoneId zone) {
        this.paths = paths;
        this.qmp = qmp;
        this.hurdvmVersion = hurdvmVersion;
        this.env = Map.copyOf(env);
        this.zone = zone;
    }

    @Override
    public String run(ScheduleEntry entry, Instant now) {
        BackupPlan plan = entry.backup();
        if (plan == null) {
            throw new IllegalStateException("schedule '" + entry.id() + "' has no backup target (added by an older hurdvm):"
                    + " remove it and add it again with --target");
        }
        Instant start = Instant.now();
        BackupOptions options = new BackupOptions(plan.key(), false, plan.maxIncrementals(), 0, JOB_TIMEOUT,
                entry.freshnessGoal(now, zone).map(Duration::toSeconds), Optional.of(entry.id()));
        try (BackupTarget target = plan.open(env)) {
            BackupResult made = new BackupService(paths, Optional.of(qmp), new BackupImages(), hurdvmVersion)
                    .create(target, options, Progress.SILENT);
            AtomicInteger mine = new AtomicInteger();
            List<String> mineKept = new ArrayList<>();
            BackupPruner.Result pruned = new BackupPruner(paths).pruneKeeping(target, backups -> {
                Set<String> keep = kept(backups, entry, zone);
                backups.stream().filter(b -> entry.id().equals(b.schedule())).forEach(b -> {
                    mine.incrementAndGet();
                    if (keep.contains(b.id())) {
                        mineKept.add(b.id());
                    }
                });
                return keep;
            });
            // Only this schedule's backups are ever deleted, so what is left of them is easy to count.
            int mineLeft = mine.get() - pruned.deleted().size();
            BackupManifest m = made.manifest();
            String summary = "backup " + m.id() + " (" + m.kind() + ", " + ByteSize.human(m.storedBytes()) + ") on " + target.uri()
                    + "; keeping " + mineLeft + " of this schedule's (" + entry.retention().describe() + ")"
                    + (pruned.deleted().isEmpty() ? "" : "; deleted " + String.join(", ", pruned.deleted()));
            return summary + new ScheduledCopies(paths, env, zone).copy(target, plan, entry, mineKept, options.key(), start);
        }
    }

    /**
     * What the schedule's retention keeps of {@code backups}: every backup another schedule or a
     * person made, and those of this schedule's that {@link RetentionPolicy} keeps. (The parents of
     * kept backups are added by {@link BackupPruner#pruneKeeping}.)
     */
    static Set<String> kept(List<BackupManifest> backups, ScheduleEntry entry, ZoneId zone) {
        Set<String> keep = new HashSet<>();
        List<RetentionPolicy.Item> mine = backups.stream().filter(b -> entry.id().equals(b.schedule()))
                .map(b -> new RetentionPolicy.Item(b.id(), b.time())).toList();
        RetentionPolicy.apply(mine, entry.retention(), zone).keep().forEach(k -> keep.add(k.item().id()));
        backups.stream().filter(b -> !entry.id().equals(b.schedule())).forEach(b -> keep.add(b.id()));
        return keep;
    }
}
