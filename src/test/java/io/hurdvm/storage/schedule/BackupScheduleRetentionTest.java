package io.hurdvm.storage.schedule;

import static io.hurdvm.storage.backup.StoredBackups.F1;
import static io.hurdvm.storage.backup.StoredBackups.F2;
import static io.hurdvm.storage.backup.StoredBackups.I1;
import static io.hurdvm.storage.backup.StoredBackups.I2;
import static io.hurdvm.storage.backup.StoredBackups.I3;
import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.storage.backup.BackupPruner;
import io.hurdvm.storage.backup.StoredBackups;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup schedule's retention on real manifests in a directory target, as BackupScheduleAction applies it. */
class BackupScheduleRetentionTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Instant T = Instant.parse("2026-11-27T10:15:00Z");
    private static final BackupPlan PLAN = new BackupPlan("file:///unused", null, null, null, null, 7);

    @TempDir Path dir;

    private static ScheduleEntry nightly(Retention retention) {
        return ScheduleEntry.create("nightly", "0 2 * * *", ScheduleKind.BACKUP, retention, PLAN, T);
    }

    private List<String> applyRetention(StoredBackups backups, ScheduleEntry entry) throws Exception {
        BackupPruner pruner = new BackupPruner(StoredBackups.instance(dir.resolve("home")));
        return pruner.pruneKeeping(backups.target(), all -> BackupScheduleAction.kept(all, entry, UTC)).deleted();
    }

    @Test
    void keepLast1_keepsTheNewestAndItsFull_deletingTheOlderChainNewestFirst() throws Exception {
        StoredBackups backups = new StoredBackups(dir.resolve("t")).add(F1, null, "nightly").add(I1, F1, "nightly")
                .add(I2, I1, "nightly").add(F2, null, "nightly").add(I3, F2, "nightly");
        assertThat(applyRetention(backups, nightly(Retention.keepLast(1)))).containsExactly(I2, I1, F1);
        assertThat(backups.ids()).containsExactly(F2, I3);
    }

    @Test
    void aManualIncremental_keepsTheScheduledFullItBuildsOn() throws Exception {
        StoredBackups backups = new StoredBackups(dir.resolve("t")).add(F1, null, "nightly").add(I1, F1, null)
                .add(F2, null, "nightly").add(I3, F2, "nightly");
        assertThat(applyRetention(backups, nightly(Retention.keepLast(1)))).isEmpty();
        assertThat(backups.ids()).containsExactly(F1, I1, F2, I3);
    }

    @Test
    void otherSchedulesAndManualBackups_areNeverDeleted() throws Exception {
        StoredBackups backups = new StoredBackups(dir.resolve("t")).add(F1, null, null).add(I1, F1, "weekly")
                .add(F2, null, "nightly").add(I3, F2, "nightly");
        assertThat(applyRetention(backups, nightly(Retention.keepLast(1)))).isEmpty();

        StoredBackups full = new StoredBackups(dir.resolve("u")).add(F1, null, "weekly").add(F2, null, "nightly")
                .add("20260106T000000Z-f003", null, "nightly");
        assertThat(applyRetention(full, nightly(Retention.keepLast(1)))).containsExactly(F2);
        assertThat(full.ids()).containsExactly(F1, "20260106T000000Z-f003");
    }

    @Test
    void keepDaily_keepsTheNewestOfEachDay_withTheirParents() throws Exception {
        StoredBackups backups = new StoredBackups(dir.resolve("t")).add("20260101T020000Z-f001", null, "nightly")
                .add("20260101T030000Z-a001", "20260101T020000Z-f001", "nightly")
                .add("20260102T020000Z-a002", "20260101T030000Z-a001", "nightly")
                .add("20260103T020000Z-f002", null, "nightly");
        // keep-daily 2 keeps Jan 3 and Jan 2 (which needs Jan 1's two): nothing deletable.
        assertThat(applyRetention(backups, nightly(new Retention(0, 0, 2, 0, 0)))).isEmpty();
        // keep-daily 1 keeps only Jan 3's full: the whole first chain goes, newest first.
        assertThat(applyRetention(backups, nightly(new Retention(0, 0, 1, 0, 0))))
                .containsExactly("20260102T020000Z-a002", "20260101T030000Z-a001", "20260101T020000Z-f001");
    }

    @Test
    void keepAll_deletesNothing() throws Exception {
        StoredBackups backups = new StoredBackups(dir.resolve("t")).add(F1, null, "nightly").add(F2, null, "nightly");
        assertThat(applyRetention(backups, nightly(Retention.KEEP_ALL))).isEmpty();
    }

    @Test
    void freshnessGoal_isTwiceTheLongestGapBetweenCronTimes() {
        assertThat(nightly(Retention.KEEP_ALL).freshnessGoal(T, UTC)).contains(Duration.ofHours(48));
        ScheduleEntry everyMinute = ScheduleEntry.create("m", "* * * * *", ScheduleKind.BACKUP, Retention.KEEP_ALL, PLAN, T);
        assertThat(everyMinute.freshnessGoal(T, UTC)).contains(Duration.ofMinutes(2));
        // Weekdays only: the weekend gap (Fri 02:00 to Mon 02:00) counts, so Mondays are not "overdue".
        ScheduleEntry weekdays = ScheduleEntry.create("w", "0 2 * * 1-5", ScheduleKind.BACKUP, Retention.KEEP_ALL, PLAN, T);
        assertThat(weekdays.freshnessGoal(T, UTC)).contains(Duration.ofDays(6));
        ScheduleEntry monthly = ScheduleEntry.create("mo", "0 3 1 * *", ScheduleKind.BACKUP, Retention.KEEP_ALL, PLAN, T);
        assertThat(monthly.freshnessGoal(T, UTC)).contains(Duration.ofDays(62));
    }
}
