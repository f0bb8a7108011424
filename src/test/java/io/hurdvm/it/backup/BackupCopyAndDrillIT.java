package io.hurdvm.it.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.it.HomeProcesses;
import io.hurdvm.it.HurdvmProcess;
import io.hurdvm.it.TestGuests;
import io.hurdvm.metrics.HurdvmMetrics;
import io.hurdvm.storage.target.S3TestServer;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 17 against real parts: two s3rver processes (two endpoints, as two sites), the Linux test guest
 * (--memory 512), the real CLI and supervisor. One guest and one encrypted chain (full + 2 incrementals)
 * serve every assertion: the copy of the chain from site A to site B, cut off mid-file and resumed, a
 * second copy that sends nothing, a damaged copy refused, a restore from the copy; a scheduled backup
 * copied to a second place under the schedule's retention; then restore drills run by the instance's
 * supervisor from the copy: one that succeeds (restored from the copy, booted, and its check reads the
 * data back inside the booted guest), one that fails on a deliberately damaged newest backup, both in
 * the drill status, the metrics and the alert rule, and no throwaway instance, process or file left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupCopyAndDrillIT {
    private static final Pattern CREATED = Pattern.compile("^backup (\\S+) of src: ", Pattern.MULTILINE);
    private static final Duration BOOT = Duration.ofMinutes(5);
    private S3TestServer siteA;
    private S3TestServer siteB;
    private HurdvmProcess hv;
    private BackupCli backup;
    private Path key;
    private Path credentials;
    private String targetA;
    private String targetB;
    private final List<String> chain = new ArrayList<>();
    private String written;
    private boolean copiesDone;
    private String scheduledNewest;
    private String copyPlace;

    @BeforeAll
    void start() throws Exception {
        TestGuests.linuxGuest();
        siteA = S3TestServer.start();
        siteB = S3TestServer.start();
        hv = new HurdvmProcess();
        backup = new BackupCli(hv);
        key = new PlantedBackups(hv).keyFile();
        credentials = siteA.credentialsFile(hv.home()); // both servers take the same test credentials
        String prefix = hv.home().getFileName().toString();
        targetA = "s3://" + S3TestServer.BUCKET + "/" + prefix + "/site-a";
        targetB = "s3://" + S3TestServer.BUCKET + "/" + prefix + "/site-b";
    }

    @AfterAll
    void stop() throws Exception {
        if (hv != null) {
            hv.close();
        }
        for (S3TestServer s : new S3TestServer[] {siteA, siteB}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private String[] at(String target, S3TestServer site, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--target", target, "--s3-endpoint", site.endpoint().toString(), "--s3-credentials-file", credentials.toString(),
                "--key-file", key.toString()));
        return all.toArray(String[]::new);
    }

    private String[] copyArgs(String... extra) {
        List<String> all = new ArrayList<>(List.of("copy", "src", "--from", targetA, "--to", targetB,
                "--from-s3-endpoint", siteA.endpoint().toString(), "--from-s3-credentials-file", credentials.toString(),
                "--to-s3-endpoint", siteB.endpoint().toString(), "--to-s3-credentials-file", credentials.toString(), "--key-file", key.toString()));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    private String create() throws Exception {
        var r = backup.run(at(targetA, siteA, "create", "src"));
        assertThat(r.exitCode()).as(r.all()).isZero();
        Matcher m = CREATED.matcher(r.stdout());
        assertThat(m.find()).as(r.stdout()).isTrue();
        return m.group(1);
    }

    private List<String> listed(String target, S3TestServer site) throws Exception {
        var r = backup.run(at(target, site, "list", "src", "--output", "json"));
        assertThat(r.exitCode()).as(r.all()).isZero();
        return BackupJson.parse(r.stdout()).stream().map(BackupJson::id).toList();
    }

    @Test
    @Order(1)
    void aChainCopiedToASecondSite_cutOffMidFileAndResumed_thenNothingToSend_aDamagedCopyRefused_andRestoredFromTheCopy() throws Exception {
        var up = hv.run(BOOT, "up", "src", "--image", TestGuests.linuxGuest().toString(), "--memory", "512", "--wait", "ssh", "--timeout", "240s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        GuestScratchDisk disk = GuestScratchDisk.over(hv, "src");
        disk.writeRandom(8, 16);
        chain.add(create());
        disk.writeRandom(24, 20); // > 16 MiB: the incremental goes up in 8 MiB parts
        chain.add(create());
        disk.writeRandom(44, 4);
        chain.add(create());
        written = disk.sha256(8, 40);
        assertThat(listed(targetA, siteA)).containsExactlyElementsOf(chain);

        // Cut off mid-file: the first incremental's disk is uploading (throttled, so the kill lands inside it).
        BackupCli.Running cut = backup.start(copyArgs("--latest", "--speed", "4M"));
        String midFile = awaitProgress(cut, "copying " + chain.get(1) + "/disk.hvds.hvenc to ");
        cut.process().destroyForcibly();
        assertThat(cut.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(midFile).as("killed inside the file").matches("(?s).*\\] [1-9][0-9]?% .*");
        assertThat(listed(targetB, siteB)).as("only what arrived whole is listed").containsExactly(chain.getFirst());
        var compared = backup.run(at(targetA, siteA, "list", "src", "--compare", targetB, "--compare-s3-endpoint", siteB.endpoint().toString(),
                "--compare-s3-credentials-file", credentials.toString(), "--output", "json"));
        assertThat(compared.exitCode()).as(compared.all()).isEqualTo(1);
        assertThat(JsonFiles.MAPPER.readTree(compared.stdout()).path("missingOnOther").toString())
                .isEqualTo("[\"" + chain.get(1) + "\",\"" + chain.get(2) + "\"]");

        var resumed = backup.run(copyArgs("--output", "json"));
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        JsonNode r = JsonFiles.MAPPER.readTree(resumed.stdout());
        assertThat(r.path("alreadyThere").toString()).isEqualTo("[\"" + chain.getFirst() + "\"]");
        assertThat(r.path("copied").toString()).isEqualTo("[\"" + chain.get(1) + "\",\"" + chain.get(2) + "\"]");
        assertThat(r.path("authenticated").asBoolean()).isTrue();
        assertThat(listed(targetB, siteB)).containsExactlyElementsOf(chain);

        Map<Path, FileTime> before = files(siteB.dataDir());
        var again = backup.run(copyArgs("--output", "json"));
        assertThat(again.exitCode()).as(again.all()).isZero();
        JsonNode a = JsonFiles.MAPPER.readTree(again.stdout());
        assertThat(a.path("copied").size()).isZero();
        assertThat(a.path("filesSent").asInt()).isZero();
        assertThat(a.path("transfer").path("bytesWritten").asLong()).isZero();
        assertThat(files(siteB.dataDir())).as("site B not written to").isEqualTo(before);
        assertThat(backup.run(at(targetA, siteA, "list", "src", "--compare", targetB, "--compare-s3-endpoint", siteB.endpoint().toString(),
                "--compare-s3-credentials-file", credentials.toString())).exitCode()).isZero();

        // A damaged copy: verify, restore and a further copy from it all refuse; nothing is created.
        Path newestDisk = storedObject(siteB, chain.getLast());
        flipByte(newestDisk);
        var verify = backup.run(at(targetB, siteB, "verify", "src", "latest"));
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(1);
        assertThat(verify.stdout()).contains(chain.getLast() + ": FAILED: disk.hvds.hvenc: sha256 mismatch");
        var badRestore = backup.run(at(targetB, siteB, "restore", "src", "latest", "--as", "broken"));
        assertThat(badRestore.exitCode()).as(badRestore.all()).isEqualTo(1);
        assertThat(badRestore.stderr()).contains("is damaged: disk.hvds.hvenc has");
        assertThat(hv.instanceDir("broken")).doesNotExist();
        Path third = Files.createDirectories(hv.home().resolve("site-c"));
        var onward = backup.run("copy", "src", "--from", targetB, "--to", third.toUri().toString(), "--from-s3-endpoint", siteB.endpoint().toString(),
                "--from-s3-credentials-file", credentials.toString(), "--key-file", key.toString());
        assertThat(onward.exitCode()).as(onward.all()).isEqualTo(1);
        assertThat(onward.stderr()).contains("backup " + chain.getLast() + " on " + targetB).contains("is damaged");
        assertThat(listed(third.toUri().toString(), siteB)).as("the sound parents made it, the damaged one did not")
                .containsExactly(chain.get(0), chain.get(1));
        flipByte(newestDisk); // repaired: the same bytes as before

        // Restore works from the copy alone (booting it and reading the data back inside the guest is the drill's job below).
        var restored = backup.run(BOOT, at(targetB, siteB, "restore", "src", "latest", "--as", "fromcopy"));
        assertThat(restored.exitCode()).as(restored.all()).isZero();
        assertThat(restored.stdout()).contains("restored src backup " + chain.getLast() + " (chain of 3) as instance fromcopy");
        assertThat(hv.run("rm", "fromcopy").exitCode()).isZero();
        copiesDone = true;
    }

    /** A backup schedule with --copy-to, run by the supervisor (now, through 'schedule run'): each backup lands in both places, under the same retention. */
    @Test
    @Order(2)
    void aScheduledBackup_landsInASecondPlace_whereTheSchedulesRetentionApplies() throws Exception {
        assumeTrue(copiesDone, "needs the guest and the chain of the first test");
        Path siteC = Files.createDirectories(hv.home().resolve("scheduled-copies"));
        String copyTarget = siteC.toUri().toString();
        var add = hv.run("schedule", "add", "src", "--id", "nightly", "--kind", "backup", "--cron", "0 0 1 1 *", "--target", targetA,
                "--s3-endpoint", siteA.endpoint().toString(), "--s3-credentials-file", credentials.toString(), "--key-file", key.toString(),
                "--max-incrementals", "0", "--keep-last", "1", "--copy-to", copyTarget);
        assertThat(add.exitCode()).as(add.all()).isZero();
        assertThat(add.stdout()).contains("copied to " + copyTarget);

        List<String> scheduled = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            var r = hv.run(BOOT, "schedule", "run", "src", "nightly");
            assertThat(r.exitCode()).as(r.all() + supervisorLog()).isZero();
            assertThat(r.stdout()).contains("schedule 'nightly' (backup) ok: backup ").contains("; copied 1 to " + copyTarget);
            List<String> onA = listed(targetA, siteA);
            scheduled.add(onA.getLast());
        }
        assertThat(listed(targetA, siteA)).containsExactly(chain.get(0), chain.get(1), chain.get(2), scheduled.get(1));
        assertThat(listed(copyTarget, siteA)).as("the copy under the schedule's retention: the first run's copy deleted")
                .containsExactly(scheduled.get(1));
        var verify = backup.run("verify", "src", "--target", copyTarget, "--key-file", key.toString());
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        scheduledNewest = scheduled.get(1); // the schedule stays (its cron time is far off): backup status reports its places
        copyPlace = copyTarget;
    }

    @Test
    @Order(3)
    void drillsRunByTheSupervisor_fromTheCopy_succeedThenFailOnADamagedNewestBackup_recordedInStatusMetricsAndAlerts_leavingNothing() throws Exception {
        assumeTrue(copiesDone, "needs the guest and the copied chain of the first test");
        long srcQemu = hv.state("src").qemuPid();
        long srcSupervisor = hv.state("src").supervisorPid();
        assertBadScheduleOptionsAreRefused();
        // The check reads the scratch data back inside the restored guest.
        var add = hv.run("schedule", "add", "src", "--id", "drill", "--kind", "drill", "--cron", "0 0 1 1 *", "--from", targetB,
                "--s3-endpoint", siteB.endpoint().toString(), "--s3-credentials-file", credentials.toString(), "--key-file", key.toString(),
                "--boot-timeout", "240s", "--check", "dd if=/dev/sda3 bs=1M skip=8 count=40 2>/dev/null | sha256sum | grep -q " + written);
        assertThat(add.exitCode()).as(add.all()).isZero();

        HurdvmProcess.Running run = hv.start("schedule", "run", "src", "drill", "--output", "json");
        String throwaway = awaitThrowaway();
        HurdvmProcess.Result ok = run.await(BOOT);
        assertThat(ok.exitCode()).as(ok.all() + supervisorLog()).isZero();
        JsonNode okRun = JsonFiles.MAPPER.readTree(ok.stdout());
        assertThat(okRun.path("ok").asBoolean()).isTrue();
        assertThat(okRun.path("message").asText()).startsWith("restored " + chain.get(2) + " (incremental) in ")
                .contains("SSH answered after").contains("recovery time");
        assertNothingLeftBehind(throwaway);
        assertThat(hv.state("src").qemuPid()).as("the instance itself is never touched").isEqualTo(srcQemu);
        assertThat(hv.state("src").supervisorPid()).isEqualTo(srcSupervisor);

        var statusRun = backup.run("status", "src", "--output", "json");
        assertThat(statusRun.exitCode()).as("every place has a backup that would restore: " + statusRun.all()).isZero();
        JsonNode status = JsonFiles.MAPPER.readTree(statusRun.stdout());
        assertThat(status.path("lastDrill").path("ok").asBoolean()).isTrue();
        assertThat(status.path("recoveryTimeSeconds").asDouble()).isPositive();
        JsonNode siteBPoint = target(status, targetB);
        if (scheduledNewest != null) { // the recovery point per place: the backup target, its copy, the drill's source
            assertThat(target(status, targetA).path("role").asText()).isEqualTo("target of 'nightly'");
            assertThat(target(status, targetA).path("newest").asText()).isEqualTo(scheduledNewest);
            assertThat(target(status, copyPlace).path("role").asText()).isEqualTo("copy of 'nightly'");
            assertThat(target(status, copyPlace).path("newest").asText()).isEqualTo(scheduledNewest);
        }
        assertThat(siteBPoint.path("role").asText()).isEqualTo("drill source of 'drill'");
        assertThat(siteBPoint.path("newest").asText()).isEqualTo(chain.get(2));
        assertThat(siteBPoint.path("authenticated").asBoolean()).isTrue();
        assertThat(status.path("recoveryPointSeconds").asLong()).isBetween(0L, 3600L);
        String afterSuccess = scrape();
        assertThat(metric(afterSuccess, "hurdvm_backup_drill_success")).isEqualTo(1.0);
        assertThat(metric(afterSuccess, "hurdvm_backup_drill_recovery_seconds")).isEqualTo(status.path("recoveryTimeSeconds").asDouble());
        assertThat(metric(afterSuccess, "hurdvm_backup_drill_failures_total")).isZero();

        // The newest backup at site B damaged on purpose: the next drill fails, and says why.
        flipByte(storedObject(siteB, chain.get(2)));
        HurdvmProcess.Result failed = hv.run(BOOT, "schedule", "run", "src", "drill");
        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        assertThat(failed.stdout()).contains("schedule 'drill' (drill) failed: restore drill of src failed: backup " + chain.get(2))
                .contains("is damaged");
        assertNothingLeftBehind(null);
        String afterFailure = scrape();
        assertThat(metric(afterFailure, "hurdvm_backup_drill_success")).isZero();
        assertThat(metric(afterFailure, "hurdvm_backup_drill_failures_total")).isEqualTo(1.0);
        assertThat(metric(afterFailure, "hurdvm_backup_drill_last_success_timestamp_seconds"))
                .isEqualTo(metric(afterSuccess, "hurdvm_backup_drill_last_success_timestamp_seconds"));
        var text = backup.run("status", "src");
        assertThat(text.stdout()).contains("last drill: FAILED").contains("is damaged");
        assertAlertRuleFollows(metric(afterSuccess, "hurdvm_backup_drill_success"), metric(afterFailure, "hurdvm_backup_drill_success"));
    }

    /** Options of another kind, or a plan the supervisor could not use: one line, exit 2, no schedule written. */
    private void assertBadScheduleOptionsAreRefused() throws Exception {
        Path schedules = hv.instanceDir("src").resolve("schedules.json");
        String before = Files.exists(schedules) ? Files.readString(schedules) : null;
        String[][] bad = {
            {"--kind", "drill", "--from", targetB, "--keep-last", "2", "a drill keeps nothing"},
            {"--kind", "snapshot", "--check", "true", "--from, --check, --boot-timeout and --check-timeout are for --kind drill"},
            {"--kind", "drill", "--from", targetB, "a scheduled S3 drill source needs --s3-credentials-file"},
            {"--kind", "backup", "--target", targetB, "--s3-credentials-file", credentials.toString(), "--copy-s3-endpoint", "http://127.0.0.1:9",
                "--copy-s3-* apply to --copy-to places"},
            {"--kind", "backup", "--target", targetB, "--s3-credentials-file", credentials.toString(), "--copy-to", "s3://bucket/offsite",
                "a scheduled S3 copy needs --copy-s3-credentials-file"},
        };
        for (String[] c : bad) {
            List<String> args = new ArrayList<>(List.of("schedule", "add", "src", "--id", "bad", "--cron", "0 0 1 1 *"));
            args.addAll(List.of(c).subList(0, c.length - 1));
            var r = hv.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
            assertThat(r.stderr().lines().filter(l -> l.startsWith("hurdvm: ")).toList()).as(r.all()).singleElement().asString()
                    .contains(c[c.length - 1]);
        }
        assertThat(Files.exists(schedules) ? Files.readString(schedules) : null).isEqualTo(before);
    }

    private static JsonNode target(JsonNode status, String uri) {
        for (JsonNode t : status.path("targets")) {
            if (t.path("target").asText().equals(uri)) {
                return t;
            }
        }
        throw new AssertionError("no target " + uri + " in " + status);
    }

    /** Waits for a progress line of the file after {@code step}, with a percentage: the upload is under way. */
    private static String awaitProgress(BackupCli.Running running, String step) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            String progress = running.progress();
            int at = progress.indexOf(step);
            if (at >= 0) {
                Matcher m = Pattern.compile("\\n(  disk\\.hvds\\.hvenc \\[[# ]*\\] [0-9]+% [^\\n]*)").matcher(progress.substring(at));
                if (m.find()) {
                    return m.group(1);
                }
            }
            assertThat(running.process().isAlive()).as("the copy ended before it got there: " + progress).isTrue();
            Thread.sleep(50); // poll interval
        }
        throw new AssertionError("no progress of " + step + " within 3 minutes: " + running.progress());
    }

    /** The throwaway instance the drill makes, seen while it runs. */
    private String awaitThrowaway() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> dirs = Files.list(hv.home().resolve("instances"))) {
                List<String> drills = dirs.map(p -> p.getFileName().toString()).filter(n -> n.matches("drill-src-[0-9a-f]{4}")).toList();
                if (!drills.isEmpty()) {
                    return drills.getFirst();
                }
            }
            Thread.sleep(100); // poll interval
        }
        throw new AssertionError("no throwaway instance appeared within 3 minutes" + supervisorLog());
    }

    /** Only src is left: no throwaway instance (nor a hidden work folder of one), no extra QEMU or supervisor, the lock names none. */
    private void assertNothingLeftBehind(String throwaway) throws Exception {
        try (Stream<Path> dirs = Files.list(hv.home().resolve("instances"))) {
            assertThat(dirs.map(p -> p.getFileName().toString()).filter(n -> n.contains("drill"))).isEmpty();
        }
        if (throwaway != null) {
            assertThat(hv.run("list").stdout()).doesNotContain(throwaway);
        }
        assertThat(HomeProcesses.qemus(hv.home())).hasSize(1).containsExactly(hv.state("src").qemuPid());
        assertThat(HomeProcesses.supervisors(hv.home())).hasSize(1);
        assertThat(Files.readString(hv.home().resolve("drill.lock"))).doesNotContain("throwaway");
    }

    private String supervisorLog() {
        try {
            return "\nsupervisor.log of src:\n" + Files.readString(hv.instanceDir("src").resolve("supervisor.log"));
        } catch (Exception e) {
            return "";
        }
    }

    private String scrape() {
        try (HurdvmMetrics metrics = new HurdvmMetrics(hv.home())) {
            return metrics.scrape();
        }
    }

    private static double metric(String exposition, String name) {
        Matcher m = Pattern.compile("^" + name + "\\{instance_name=\"src\",?\\} (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        assertThat(m.find()).as(name + " in\n" + exposition).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /**
     * The two values the exporter really gave, fed to the real alert rules by promtool: HurdvmBackupDrillFailed
     * stays quiet after the successful drill and fires after the failed one.
     */
    private void assertAlertRuleFollows(double afterSuccess, double afterFailure) throws Exception {
        Path rules = Path.of("observability", "prometheus", "hurdvm-alerts.yml").toAbsolutePath();
        Path test = hv.home().resolve("drill-alert.test.yml");
        Files.writeString(test, """
                rule_files:
                  - %s
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'hurdvm_backup_drill_success{instance_name="src"}'
                        values: '%sx5 %sx5'
                    alert_rule_test:
                      - eval_time: 3m
                        alertname: HurdvmBackupDrillFailed
                        exp_alerts: []
                      - eval_time: 9m
                        alertname: HurdvmBackupDrillFailed
                        exp_alerts:
                          - exp_labels:
                              severity: critical
                              instance_name: src
                            exp_annotations:
                              summary: "Restore drill of hurdvm VM src failed"
                              description: "The last restore drill of src did not prove that its latest backup restores and boots; `hurdvm backup status src` says why."
                """.formatted(rules, (long) afterSuccess, (long) afterFailure));
        Process p = new ProcessBuilder("promtool", "test", "rules", test.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** s3rver keeps an object's bytes in {@code <key>._S3rver_object} under its data folder. */
    private Path storedObject(S3TestServer site, String id) throws Exception {
        try (Stream<Path> walk = Files.walk(site.dataDir())) {
            return walk.filter(p -> p.toString().endsWith("/" + id + "/disk.hvds.hvenc._S3rver_object")).findFirst()
                    .orElseThrow(() -> new AssertionError("no stored disk of " + id + " under " + site.dataDir()));
        }
    }

    private static Map<Path, FileTime> files(Path dir) throws Exception {
        Map<Path, FileTime> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                all.put(p, Files.getLastModifiedTime(p));
            }
        }
        return all;
    }

    private static void flipByte(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }
}
