package io.hurdvm.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.qemu.ImageSnapshot;
import io.hurdvm.qemu.QemuImgCli;
import io.hurdvm.qmp.QmpClient;
import io.hurdvm.storage.snapshot.DiskVm;
import io.hurdvm.storage.snapshot.SnapshotName;
import io.hurdvm.storage.snapshot.SnapshotService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled snapshots for real: a running QEMU 7.2 with the instance's disk layout takes them (with
 * memory) through QMP, and keep-last prunes only the schedule's own auto snapshots.
 */
class ScheduleRunnerIT {
    private static final Instant ADDED = Instant.parse("2026-11-27T10:15:00Z");

    private DiskVm vm;
    private QmpClient qmp;
    private SnapshotService snapshots;
    private ScheduleStore store;

    @BeforeEach
    void startVm() throws Exception {
        vm = DiskVm.create();
        qmp = vm.start();
        snapshots = new SnapshotService("vm", vm.disk(), new QemuImgCli(), () -> Optional.of(qmp), Duration.ofMinutes(2));
        store = new ScheduleStore(vm.dir().resolve("schedules.json"));
    }

    @AfterEach
    void stopVm() throws Exception {
        vm.close();
    }

    @Test
    void dueSnapshotSchedule_takesAutoSnapshotsWithMemory_andKeepLastPrunesOnlyItsOwn() {
        snapshots.create(SnapshotName.of("by-hand"));
        snapshots.create(SnapshotName.auto("daily", ADDED));
        store.add(ScheduleEntry.create("hourly", "0 * * * *", ScheduleKind.SNAPSHOT, Retention.keepLast(2), ADDED));
        ScheduleRunner runner = new ScheduleRunner(store,
                Map.of(ScheduleKind.SNAPSHOT, new SnapshotScheduleAction(snapshots, ZoneOffset.UTC)), ZoneOffset.UTC, Clock.systemUTC());

        Instant first = Instant.parse("2026-11-27T11:00:01Z");
        assertThat(runner.runDue(first)).singleElement().satisfies(r -> assertThat(r.result().ok()).as(r.result().message()).isTrue());
        runner.runDue(Instant.parse("2026-11-27T12:00:01Z"));
        // The VM was "down" for a day: one catch-up run, which prunes the oldest of the three.
        List<ScheduleRunner.Run> third = runner.runDue(Instant.parse("2026-11-28T09:30:00Z"));

        assertThat(third).singleElement().satisfies(r -> assertThat(r.result().message())
                .startsWith("created auto-hourly-20261128T093000Z; keeping 2 (last 2)")
                .endsWith("deleted auto-hourly-20261127T110001Z"));
        List<ImageSnapshot> left = snapshots.list().snapshots();
        assertThat(left).extracting(ImageSnapshot::name).containsExactly("by-hand", "auto-daily-20261127T101500Z",
                "auto-hourly-20261127T120001Z", "auto-hourly-20261128T093000Z");
        assertThat(left.get(3).vmStateSize()).as("taken from the running VM, with memory").isPositive();
        ScheduleEntry recorded = store.find("hourly").orElseThrow();
        assertThat(recorded.lastRun()).isEqualTo(Instant.parse("2026-11-28T09:30:00Z"));
        assertThat(recorded.lastResult().ok()).isTrue();
    }

    @Test
    void supervisorSchedules_catchUpAnOverdueRunAtStart() throws Exception {
        InstancePaths paths = new InstancePaths(vm.dir(), vm.dir());
        assertThat(paths.disk()).isEqualTo(vm.disk());
        store.add(ScheduleEntry.create("hourly", "0 * * * *", ScheduleKind.SNAPSHOT, Retention.keepLast(5),
                Instant.now().minus(Duration.ofDays(1))));

        ScheduleLoop loop = SupervisorSchedules.start(paths, qmp, Map.of());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (store.find("hourly").orElseThrow().lastResult() == null && System.nanoTime() < deadline) {
                // The loop runs on its own thread; its result lands in schedules.json.
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } finally {
            loop.stop(Duration.ofSeconds(30));
        }
        RunResult result = store.find("hourly").orElseThrow().lastResult();
        assertThat(result).as("a run was recorded within 60 s").isNotNull();
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(snapshots.list().snapshots()).singleElement()
                .satisfies(s -> assertThat(SnapshotName.isAutoOf(s.name(), "hourly")).as(s.name()).isTrue());
    }
}
