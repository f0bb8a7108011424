package io.hurdvm.metrics;

import io.hurdvm.proc.ProcStat;
import io.hurdvm.storage.backup.BackupStatus;
import io.hurdvm.storage.backup.DrillStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.vm.VmState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HurdvmMetricsTest {
    @TempDir Path tmp;
    private FakeHome home;
    private HurdvmMetrics metrics;
    private Process standIn;

    @BeforeEach
    void setUp() {
        home = new FakeHome(tmp);
        metrics = new HurdvmMetrics(tmp);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        metrics.close();
        if (standIn != null) {
            standIn.destroyForcibly();
            standIn.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void instancesAppearingAndDisappearing_addAndRemoveTheirSeries() throws Exception {
        home.stoppedInstance("web");
        assertThat(scrape().hasAnyFor("hurdvm_vm_up", "web")).isTrue();

        home.stoppedInstance("db");
        Exposition both = scrape();
        assertThat(both.hasAnyFor("hurdvm_vm_state", "db")).isTrue();
        assertThat(both.hasAnyFor("hurdvm_vm_state", "web")).isTrue();

        deleteTree(home.instanceDir("web"));
        Exposition after = scrape();
        assertThat(after.series()).noneMatch(s -> "web".equals(s.labels().get("instance_name")));
        assertThat(after.hasAnyFor("hurdvm_vm_up", "db")).isTrue();
    }

    @Test
    void instanceWithoutBackupStatus_exportsZeroSuccessAndFailures_andNoMaxAge() throws Exception {
        home.stoppedInstance("web");

        Exposition s = scrape();

        assertThat(s.value("hurdvm_backup_last_success_timestamp_seconds", "web")).contains(0.0);
        assertThat(s.value("hurdvm_backup_failures_total", "web")).contains(0.0);
        assertThat(s.hasAnyFor("hurdvm_backup_max_age_seconds", "web")).isFalse();
        assertThat(s.hasAnyFor("hurdvm_backup_last_duration_seconds", "web")).isFalse();
    }

    @Test
    void backupStatusWrittenLater_showsUpInTheNextScrape() throws Exception {
        home.stoppedInstance("web");
        scrape();

        BackupStatus.write(home.instanceDir("web"), new BackupStatus(1_700_000_000L, 12.5, 4096, 2, 86_400L));
        Exposition s = scrape();

        assertThat(s.value("hurdvm_backup_failures_total", "web")).contains(2.0);
        assertThat(s.value("hurdvm_backup_max_age_seconds", "web")).contains(86_400.0);
        assertThat(s.value("hurdvm_backup_last_duration_seconds", "web")).contains(12.5);
    }

    @Test
    void unreadableBackupStatus_dropsOnlyTheBackupSeries() throws Exception {
        home.stoppedInstance("web");
        Files.writeString(home.instanceDir("web").resolve(BackupStatus.FILE_NAME), "{ not json");

        Exposition s = scrape();

        assertThat(s.named("hurdvm_backup_failures_total")).isEmpty();
        assertThat(s.value("hurdvm_vm_up", "web")).contains(0.0);
    }

    @Test
    void drills_haveNoSeriesBeforeTheFirst_thenSuccessAgeRecoveryTimeAndFailures_andNeverTheMessage() throws Exception {
        home.stoppedInstance("web");
        assertThat(scrape().series()).noneMatch(x -> x.name().startsWith("hurdvm_backup_drill_"));

        DrillStatus ok = new DrillStatus(1_700_000_500L, true, 140, "restored from /secret/place", 1_700_000_500L, 41.5, 62.0,
                "20231114T221320Z-0a1b", 1_700_000_000L, 0, 1_209_600L);
        DrillStatus.write(home.instanceDir("web"), ok);
        Exposition s = scrape();
        assertThat(s.value("hurdvm_backup_drill_success", "web")).contains(1.0);
        assertThat(s.value("hurdvm_backup_drill_last_success_timestamp_seconds", "web")).contains(1_700_000_500.0);
        assertThat(s.value("hurdvm_backup_drill_recovery_seconds", "web")).contains(103.5);
        assertThat(s.value("hurdvm_backup_drill_max_age_seconds", "web")).contains(1_209_600.0);
        assertThat(s.value("hurdvm_backup_drill_failures_total", "web")).contains(0.0);

        DrillStatus.write(home.instanceDir("web"), ok.failed(1_700_100_000L, 20, "backup damaged at /secret/place", java.util.Optional.empty()));
        String text = metrics.scrape();
        Exposition failed = Exposition.parse(text);
        assertThat(failed.value("hurdvm_backup_drill_success", "web")).contains(0.0);
        assertThat(failed.value("hurdvm_backup_drill_failures_total", "web")).contains(1.0);
        assertThat(failed.value("hurdvm_backup_drill_last_run_timestamp_seconds", "web")).contains(1_700_100_000.0);
        assertThat(failed.value("hurdvm_backup_drill_recovery_seconds", "web")).as("the last measured recovery time stays").contains(103.5);
        assertThat(text).doesNotContain("/secret/place");
    }

    @Test
    void instanceWithABrokenSpec_isLeftOut_whileOthersAreScraped() throws Exception {
        home.stoppedInstance("web");
        home.stoppedInstance("bad");
        Files.writeString(home.instanceDir("bad").resolve("spec.json"), "{\"name\": \"bad\", \"memoryMib\": 1}");

        Exposition s = scrape();

        assertThat(s.hasAnyFor("hurdvm_vm_up", "bad")).isFalse();
        assertThat(s.value("hurdvm_vm_up", "web")).contains(0.0);
    }

    /**
     * No QEMU here: a {@code sleep} child of this JVM stands in for it, and this JVM for its supervisor,
     * which is what the exporter checks (the recorded pid and start time name a live process).
     */
    @Test
    void runningInstance_withSleepStandingInForQemu_exportsUpCpuAndResident_untilItExits() throws Exception {
        standIn = new ProcessBuilder("sleep", "600").start();
        long self = ProcessHandle.current().pid();
        home.instance("web", InstanceState.created().toBuilder().state(VmState.RUNNING).supervisorPid(self)
                .qemu(standIn.pid(), ProcStat.startTicks(standIn.pid()).orElseThrow()).build());
        Files.writeString(home.instanceDir("web").resolve("supervisor.pid"), Long.toString(self));

        Exposition running = scrape();
        assertThat(running.value("hurdvm_vm_up", "web")).contains(1.0);
        assertThat(running.value("hurdvm_vm_state", "web", "state", "running")).contains(1.0);
        assertThat(running.value("hurdvm_vmi_cpu_usage_seconds_total", "web")).hasValueSatisfying(v -> assertThat(v).isNotNegative());
        assertThat(running.value("hurdvm_vmi_memory_resident_bytes", "web")).hasValueSatisfying(v -> assertThat(v).isPositive());
        // The stand-in has no supervisor control socket, so there are no block stats to report.
        assertThat(running.hasAnyFor("hurdvm_vmi_storage_read_traffic_bytes_total", "web")).isFalse();

        standIn.destroy();
        assertThat(standIn.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Exposition stopped = scrape();
        assertThat(stopped.value("hurdvm_vm_up", "web")).contains(0.0);
        assertThat(stopped.hasAnyFor("hurdvm_vmi_cpu_usage_seconds_total", "web")).isFalse();
        assertThat(stopped.hasAnyFor("hurdvm_vmi_memory_resident_bytes", "web")).isFalse();
    }

    @Test
    void recordedQemuPidNowNamingAnotherProcess_isNotUp() throws Exception {
        long self = ProcessHandle.current().pid();
        long recycled = ProcessHandle.current().parent().orElseThrow().pid();
        // The pid exists, but it started at another time than the QEMU that was recorded: a recycled pid.
        home.instance("web", InstanceState.created().toBuilder().state(VmState.RUNNING).supervisorPid(self)
                .qemu(recycled, ProcStat.startTicks(recycled).orElseThrow() + 1).build());
        Files.writeString(home.instanceDir("web").resolve("supervisor.pid"), Long.toString(self));

        Exposition s = scrape();

        assertThat(s.value("hurdvm_vm_up", "web")).contains(0.0);
        assertThat(s.hasAnyFor("hurdvm_vmi_cpu_usage_seconds_total", "web")).isFalse();
    }

    private Exposition scrape() {
        return Exposition.parse(metrics.scrape());
    }

    private static void deleteTree(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
