package io.hurdvm.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleStoreTest {
    private static final Instant T = Instant.parse("2026-11-27T10:15:00Z");

    @TempDir Path dir;

    private ScheduleStore store() {
        return new ScheduleStore(dir.resolve("schedules.json"));
    }

    private static ScheduleEntry entry(String id) {
        return ScheduleEntry.create(id, "0 * * * *", ScheduleKind.SNAPSHOT, new Retention(24, 0, 7, 0, 0), T);
    }

    @Test
    void missingFile_meansNoSchedules() {
        assertThat(store().load()).isEmpty();
    }

    @Test
    void entriesSurviveAReadBackWithEveryField() {
        RunResult result = new RunResult(true, T.plusSeconds(3), "created auto-hourly-20261127T111500Z");
        store().add(entry("hourly"));
        store().modify("hourly", e -> e.withRun(T.plusSeconds(1), result));

        assertThat(store().load()).containsExactly(entry("hourly").withRun(T.plusSeconds(1), result));
    }

    @Test
    void fileIsReadableJsonWithLowerCaseKinds() throws Exception {
        store().add(entry("hourly"));
        String json = Files.readString(dir.resolve("schedules.json"));
        assertThat(json).contains("\"schedules\"").contains("\"kind\" : \"snapshot\"").contains("\"cron\" : \"0 * * * *\"")
                .contains("\"keepLast\" : 24").contains("\"created\" : \"2026-11-27T10:15:00Z\"");
    }

    @Test
    void duplicateId_isRejectedAndTheFirstKept() {
        store().add(entry("hourly"));
        assertThatThrownBy(() -> store().add(entry("hourly"))).hasMessageContaining("a schedule with id 'hourly' exists already");
        assertThat(store().load()).hasSize(1);
    }

    @Test
    void remove_saysWhetherThereWasOne() {
        store().add(entry("hourly"));
        assertThat(store().remove("daily")).isFalse();
        assertThat(store().remove("hourly")).isTrue();
        assertThat(store().load()).isEmpty();
    }

    @Test
    void modifyOfARemovedEntry_doesNotResurrectIt() {
        store().add(entry("hourly"));
        store().remove("hourly");
        store().modify("hourly", e -> e.withRun(T, null));
        assertThat(store().load()).isEmpty();
    }

    @Test
    void concurrentAdds_loseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = "s" + i;
                done.add(pool.submit(() -> store().add(entry(id))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store().load()).hasSize(20);
    }

    @Test
    void backupPlan_survivesAReadBack_andSnapshotEntriesDoNotMentionIt() throws Exception {
        BackupPlan plan = new BackupPlan("s3://bucket/vms", "http://127.0.0.1:9000", "eu-1", "/etc/hurdvm/s3", "/etc/hurdvm/key", 3);
        ScheduleEntry nightly = ScheduleEntry.create("nightly", "0 2 * * *", ScheduleKind.BACKUP, Retention.keepLast(7), plan, T);
        store().add(nightly);
        store().add(entry("hourly"));

        assertThat(store().load()).containsExactly(nightly, entry("hourly"));
        String json = Files.readString(dir.resolve("schedules.json"));
        assertThat(json).contains("\"target\" : \"s3://bucket/vms\"").contains("\"s3CredentialsFile\" : \"/etc/hurdvm/s3\"")
                .contains("\"maxIncrementals\" : 3");
        assertThat(json.split("\"backup\"", -1)).as("only the backup schedule has a plan").hasSize(3); // kind + field
    }

    @Test
    void fileWrittenBeforeBackupPlans_stillLoads_includingABackupEntryWithoutPlan() throws Exception {
        Files.writeString(dir.resolve("schedules.json"), """
                {"schedules": [
                  {"id": "hourly", "cron": "0 * * * *", "kind": "snapshot", "retention": {"keepLast": 24, "keepHourly": 0,
                   "keepDaily": 7, "keepWeekly": 0, "keepMonthly": 0}, "created": "2026-11-27T10:15:00Z", "lastRun": null, "lastResult": null},
                  {"id": "nightly", "cron": "0 2 * * *", "kind": "backup", "retention": null, "created": "2026-11-27T10:15:00Z"}
                ]}
                """);
        List<ScheduleEntry> loaded = store().load();
        assertThat(loaded.get(0)).isEqualTo(entry("hourly"));
        assertThat(loaded.get(1).kind()).isEqualTo(ScheduleKind.BACKUP);
        assertThat(loaded.get(1).backup()).as("its runs fail saying so; the file stays usable").isNull();
    }

    @Test
    void copiesAndDrillPlans_surviveAReadBack_andOlderPlansWithoutCopiesLoad() throws Exception {
        BackupPlan plan = new BackupPlan("file:///srv/backups", null, null, null, "/etc/hurdvm/key", 7,
                List.of(new CopyTarget("s3://offsite/vms", "http://10.0.0.5:9000", null, "/etc/hurdvm/s3")));
        ScheduleEntry nightly = ScheduleEntry.create("nightly", "0 2 * * *", ScheduleKind.BACKUP, Retention.keepLast(7), plan, T);
        ScheduleEntry drill = ScheduleEntry.drill("drill", "0 4 * * 0", new DrillPlan("s3://offsite/vms", "http://10.0.0.5:9000", null,
                "/etc/hurdvm/s3", "/etc/hurdvm/key", "systemctl is-active nginx", 600, 300), T);
        store().add(nightly);
        store().add(drill);
        assertThat(store().load()).containsExactly(nightly, drill);
        String json = Files.readString(dir.resolve("schedules.json"));
        assertThat(json).contains("\"copyTo\" : [ {").contains("\"check\" : \"systemctl is-active nginx\"");

        store().add(ScheduleEntry.create("plain", "0 3 * * *", ScheduleKind.BACKUP, Retention.KEEP_ALL,
                new BackupPlan("file:///b", null, null, null, null, 7), T));
        assertThat(Files.readString(dir.resolve("schedules.json")).split("copyTo", -1)).as("no empty copyTo written").hasSize(2);
        assertThat(store().find("plain").orElseThrow().backup().copyTo()).isEmpty();
    }

    @Test
    void drillAndCopyPlans_areCheckedLikeBackupPlans_namingTheirOptions() {
        assertThatThrownBy(() -> new CopyTarget("s3://offsite/vms", null, null, null))
                .hasMessage("a scheduled S3 copy needs --copy-s3-credentials-file: the supervisor cannot see AWS_* variables of your shell");
        assertThatThrownBy(() -> new CopyTarget("file:///b", "http://x:9000", null, null))
                .hasMessageStartingWith("--copy-s3-endpoint, --copy-s3-region and --copy-s3-credentials-file only apply to an s3:// target");
        assertThatThrownBy(() -> new BackupPlan("file:///b", null, null, null, null, 7, List.of(new CopyTarget("file:///b", null, null, null))))
                .hasMessageStartingWith("--copy-to names the backup target or one place twice");
        assertThatThrownBy(() -> new DrillPlan("s3://bucket/vms", null, null, null, null, null, 600, 300))
                .hasMessageStartingWith("a scheduled S3 drill source needs --s3-credentials-file");
        assertThatThrownBy(() -> new DrillPlan("file:///b", null, null, null, null, "echo a\necho b", 600, 300))
                .hasMessageStartingWith("--check must be one line");
        assertThatThrownBy(() -> new DrillPlan("file:///b", null, null, null, "key", null, 600, 300))
                .hasMessageStartingWith("--key-file must be an absolute path in a schedule");
        assertThatThrownBy(() -> new DrillPlan("file:///b", null, null, null, null, null, 0, 300)).hasMessageStartingWith("drill timeouts must be positive");
        assertThatThrownBy(() -> ScheduleEntry.create("d", "0 4 * * *", ScheduleKind.DRILL, Retention.KEEP_ALL, null, T))
                .hasMessageStartingWith("a drill schedule needs a drill plan");
    }

    @Test
    void invalidIdsAreRejectedWithTheRule() {
        assertThatThrownBy(() -> entry("Hourly!")).hasMessageContaining("invalid schedule id 'Hourly!': use 1-32 lower-case letters");
        assertThatThrownBy(() -> entry("x".repeat(33))).hasMessageContaining("invalid schedule id");
    }

    @Test
    void invalidCronIsRejectedAtCreation() {
        assertThatThrownBy(() -> ScheduleEntry.create("h", "0 25 * * *", ScheduleKind.SNAPSHOT, Retention.KEEP_ALL, T))
                .hasMessageContaining("hour field '25'");
    }

    @Test
    void negativeRetentionIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> new Retention(0, 0, -1, 0, 0)).hasMessageContaining("--keep-daily must be 0 or more");
    }
}
