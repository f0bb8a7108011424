package io.hurdvm.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Due-ness and recording, with a recording stand-in for the snapshot action (tested for real in the ITs). */
class ScheduleRunnerTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Instant ADDED = Instant.parse("2026-11-27T10:15:00Z");

    @TempDir Path dir;
    private ScheduleStore store;
    private final List<Instant> actionCalls = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store = new ScheduleStore(dir.resolve("schedules.json"));
    }

    private ScheduleRunner runner(ScheduledAction snapshotAction) {
        return new ScheduleRunner(store, Map.of(ScheduleKind.SNAPSHOT, snapshotAction), UTC,
                Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), UTC));
    }

    private ScheduleRunner recordingRunner() {
        return runner((entry, now) -> {
            actionCalls.add(now);
            return "did " + entry.id();
        });
    }

    @Test
    void newSchedule_firstRunsAtTheFirstCronTimeAfterItWasAdded() {
        store.add(ScheduleEntry.create("hourly", "0 * * * *", ScheduleKind.SNAPSHOT, Retention.keepLast(3), ADDED));
        ScheduleRunner runner = recordingRunner();

        assertThat(runner.runDue(Instant.parse("2026-11-27T10:59:59Z"))).isEmpty();
        assertThat(runner.runDue(Instant.parse("2026-11-27T11:00:00.5Z"))).hasSize(1);
        assertThat(runner.runDue(Instant.parse("2026-11-27T11:01:00Z"))).as("already ran for 11:00").isEmpty();
        assertThat(actionCalls).containsExactly(Instant.parse("2026-11-27T11:00:00.5Z"));
    }

    @Test
    void missedRunsAfterDowntime_runOnceNotOncePerMissedSlot() {
        store.add(ScheduleEntry.create("hourly", "0 * * * *", ScheduleKind.SNAPSHOT, Retention.keepLast(3), ADDED));
        ScheduleRunner runner = recordingRunner();
        runner.runDue(Instant.parse("2026-11-27T11:00:01Z"));

        // Down from 11:30 until three days later: 70-odd hourly slots missed.
        Instant backUp = Instant.parse("2026-11-30T09:42:00Z");
        assertThat(runner.runDue(backUp)).hasSize(1);
        assertThat(runner.runDue(backUp.plusSeconds(60))).isEmpty();
        assertThat(runner.runDue(Instant.parse("2026-11-30T10:00:00.5Z"))).as("back on the normal rhythm").hasSize(1);
        assertThat(actionCalls).hasSize(3);
    }

    @Test
    void runIsRecordedWithStartAndResult() {
        store.add(ScheduleEntry.create("hourly", "0 * * * *", ScheduleKind.SNAPSHOT, Retention.keepLast(3), ADDED));
        Instant at = Instant.parse("2026-11-27T11:00:00.5Z");
        recordingRunner().runDue(at);

        ScheduleEntry after = store.find("hourly").orElseThrow();
        assertThat(after.lastRun()).isEqualTo(at);
        assertThat(after.lastResult().ok()).isTrue();
        assertThat(after.lastResult().message()).isEqualTo("did hourly");
        assertThat(after.nextRun(UTC)).contains(Instant.parse("2026-11-27T12:00:00Z"));
    }

    @Test
    void failingAction_isRecordedAndRetriedOnlyAtTheNextCronTime() {
        store.add(ScheduleEntry.create("hourly", "0 * * * *", ScheduleKind.SNAPSHOT, Retention.keepLast(3), ADDED));
        ScheduleRunner runner = runner((entry, now) -> {
            actionCalls.add(now);
            throw new IllegalStateException("QEMU is not running right now");
        });
        List<ScheduleRunner.Run> runs = runner.runDue(Instant.parse("2026-11-27T11:00:00.5Z"));

        assertThat(runs).singleElement().satisfies(r -> assertThat(r.result().ok()).isFalse());
        assertThat(store.find("hourly").orElseThrow().lastResult().describe()).isEqualTo("failed: QEMU is not running right now");
        assertThat(runner.runDue(Instant.parse("2026-11-27T11:30:00Z"))).isEmpty();
        assertThat(runner.runDue(Instant.parse("2026-11-27T12:00:00.5Z"))).hasSize(1);
    }

    @Test
    void kindWithoutAction_failsWithAReasonInsteadOfCrashing() {
        store.add(ScheduleEntry.create("nightly", "0 2 * * *", ScheduleKind.BACKUP, Retention.keepLast(7),
                new BackupPlan("file:///backups", null, null, null, null, 7), ADDED));
        List<ScheduleRunner.Run> runs = recordingRunner().runDue(Instant.parse("2026-11-28T02:00:00.5Z"));

        assertThat(runs).singleElement().satisfies(r -> assertThat(r.result().describe())
                .isEqualTo("failed: no backup action is available in this hurdvm"));
        assertThat(actionCalls).isEmpty();
    }

    @Test
    void onlyDueEntriesRun_eachWithItsOwnAction() {
        store.add(ScheduleEntry.create("hourly", "0 * * * *", ScheduleKind.SNAPSHOT, Retention.keepLast(3), ADDED));
        store.add(ScheduleEntry.create("nightly", "0 2 * * *", ScheduleKind.SNAPSHOT, Retention.keepLast(3), ADDED));
        List<ScheduleRunner.Run> runs = recordingRunner().runDue(Instant.parse("2026-11-27T11:00:00.5Z"));
        assertThat(runs).extracting(ScheduleRunner.Run::id).containsExactly("hourly");
    }

    @Test
    void runNow_runsANotDueScheduleAsItsCronTimeWould_andItsNextRunIsThenAfterNow() {
        store.add(ScheduleEntry.create("hourly", "0 * * * *", ScheduleKind.SNAPSHOT, Retention.keepLast(3), ADDED));
        ScheduleRunner runner = recordingRunner();
        Instant now = Instant.parse("2026-11-27T10:20:00Z");

        ScheduleRunner.Run run = runner.runNow("hourly", now);
        assertThat(run.result().ok()).isTrue();
        assertThat(run.result().message()).isEqualTo("did hourly");
        assertThat(actionCalls).containsExactly(now);
        ScheduleEntry recorded = store.find("hourly").orElseThrow();
        assertThat(recorded.lastRun()).isEqualTo(now);
        assertThat(recorded.nextRun(UTC)).contains(Instant.parse("2026-11-27T11:00:00Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner.runNow("nightly", now))
                .hasMessage("no schedule 'nightly' (see 'hurdvm schedule list')");
    }
}
