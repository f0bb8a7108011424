package io.hurdvm.storage.schedule;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.storage.snapshot.SnapshotService;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The schedules of one running instance, as its supervisor runs them: snapshots go through the
 * supervisor's own QMP connection (QEMU allows only one), other kinds through the actions given.
 */
public final class SupervisorSchedules {
    /** Generous: a save writes all guest RAM into the qcow2, with the guest paused meanwhile. */
    static final Duration SNAPSHOT_JOB_TIMEOUT = Duration.ofMinutes(15);

    private SupervisorSchedules() {
    }

    /**
     * Starts ticking (first at once, catching up missed runs). Stop the returned loop before QEMU is
     * shut down, so a scheduled snapshot is not cut off midway.
     *
     * @param qmp          QMP of the instance's QEMU; while QEMU is (re)starting it should throw, which
     *                     records the run as failed (it is retried at the next cron time)
     * @param otherActions actions for kinds other than snapshot (e.g. backup); may be empty
     */
    public static ScheduleLoop start(InstancePaths paths, QmpExecutor qmp, Map<ScheduleKind, ScheduledAction> otherActions) {
        ZoneId zone = ZoneId.systemDefault();
        SnapshotService snapshots = new SnapshotService(paths.name(), paths.disk(), new QemuImgCli(), () -> Optional.of(qmp),
                SNAPSHOT_JOB_TIMEOUT);
        Map<ScheduleKind, ScheduledAction> actions = new EnumMap<>(ScheduleKind.class);
        actions.put(ScheduleKind.SNAPSHOT, new SnapshotScheduleAction(snapshots, zone));
        actions.putAll(otherActions);
        ScheduleRunner runner = new ScheduleRunner(ScheduleStore.of(paths), actions, zone, Clock.systemUTC());
        return ScheduleLoop.start(runner, Clock.systemUTC(), paths.name());
    }
}
