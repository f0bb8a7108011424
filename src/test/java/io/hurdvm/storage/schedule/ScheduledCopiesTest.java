package io.hurdvm.storage.schedule;

import static io.hurdvm.storage.backup.StoredBackups.F1;
import static io.hurdvm.storage.backup.StoredBackups.F2;
import static io.hurdvm.storage.backup.StoredBackups.I1;
import static io.hurdvm.storage.backup.StoredBackups.I3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.storage.backup.BackupException;
import io.hurdvm.storage.backup.BackupStatus;
import io.hurdvm.storage.backup.StoredBackups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backup schedule does with its {@code --copy-to} places after the backup, on real directory
 * targets (the backup itself needs a running guest: {@code BackupCopyAndDrillIT} runs the whole action).
 */
class ScheduledCopiesTest {
    private static final Instant T = Instant.parse("2026-11-27T10:15:00Z");
    @TempDir Path dir;

    private ScheduleEntry nightly(List<CopyTarget> copies) {
        return ScheduleEntry.create("nightly", "0 2 * * *", ScheduleKind.BACKUP, Retention.keepLast(1),
                new BackupPlan(dir.resolve("t").toUri().toString(), null, null, null, null, 7, copies), T);
    }

    @Test
    void eachPlaceGetsWhatTheTargetKeeps_withChains_andTheSameRetention_andOtherBackupsThereStay() throws Exception {
        StoredBackups target = new StoredBackups(dir.resolve("t")).add(F1, null, "nightly").add(I1, F1, null).add(F2, null, "nightly")
                .add(I3, F2, "nightly");
        // The place already holds an older backup of the schedule, which the retention deletes there, and one made by hand, which stays.
        StoredBackups place = new StoredBackups(dir.resolve("c")).add("20251201T000000Z-0001", null, "nightly").add("20251202T000000Z-0001", null, null);
        InstancePaths paths = StoredBackups.instance(dir.resolve("home"));
        ScheduleEntry entry = nightly(List.of(new CopyTarget(dir.resolve("c").toUri().toString(), null, null, null)));

        String said = new ScheduledCopies(paths, Map.of(), ZoneOffset.UTC).copy(target.target(), entry.backup(), entry, List.of(I3),
                Optional.empty(), T);
        assertThat(said).startsWith("; copied 2 to " + place.target().uri()).endsWith("(deleted there 20251201T000000Z-0001)");
        assertThat(place.ids()).containsExactly("20251202T000000Z-0001", F2, I3);
    }

    @Test
    void aPlaceThatFails_doesNotStopTheOthers_failsTheRun_andCountsAsAFailedBackup() throws Exception {
        StoredBackups target = new StoredBackups(dir.resolve("t")).add(F2, null, "nightly");
        StoredBackups good = new StoredBackups(dir.resolve("good"));
        InstancePaths paths = StoredBackups.instance(dir.resolve("home"));
        BackupStatus.write(paths.dir(), new BackupStatus(T.getEpochSecond(), 10, 100, 0, 172_800L));
        ScheduleEntry entry = nightly(List.of(new CopyTarget(dir.resolve("missing").toUri().toString(), null, null, null),
                new CopyTarget(dir.resolve("good").toUri().toString(), null, null, null)));

        assertThatThrownBy(() -> new ScheduledCopies(paths, Map.of(), ZoneOffset.UTC).copy(target.target(), entry.backup(), entry,
                List.of(F2), Optional.empty(), T))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("the backup was made; copied 1 to " + good.target().uri() + ", but copying failed: "
                        + dir.resolve("missing").toUri() + ": ")
                .hasMessageContaining("does not exist: create it first");
        assertThat(good.ids()).containsExactly(F2);
        BackupStatus status = BackupStatus.read(paths.dir()).orElseThrow();
        assertThat(status.failuresTotal()).isEqualTo(1);
        assertThat(status.lastSuccessEpochSeconds()).as("the backup itself succeeded").isEqualTo(T.getEpochSecond());
        assertThat(Files.exists(dir.resolve("missing"))).isFalse();
    }
}
