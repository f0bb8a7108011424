package io.hurdvm.it.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.it.HurdvmProcess;
import io.hurdvm.it.TestGuests;
import io.hurdvm.storage.backup.BackupStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's scheduled backups, {@code backup prune} and the offline backup path, against the
 * real CLI and the Linux test guest, in one boot of it (plus one boot of the restored copy).
 */
class ScheduledBackupIT {
    private static final Duration SCHEDULE_DEADLINE = Duration.ofMinutes(3);
    /** {@code backup create}'s first line: "backup ID of NAME: KIND (REASON)...". */
    private static final Pattern CREATED = Pattern.compile("^backup (\\S+) of vm: ", Pattern.MULTILINE);

    private HurdvmProcess hv;
    private BackupCli backup;
    private String target;

    @BeforeEach
    void setUp() throws Exception {
        hv = new HurdvmProcess();
        backup = new BackupCli(hv);
        target = Files.createDirectories(hv.home().resolve("backups-target")).toUri().toString();
    }

    @AfterEach
    void tearDown() throws Exception {
        hv.close();
    }

    @Test
    void scheduledBackups_pruneAndOfflineBackup_onOneGuest() throws Exception {
        up("vm");
        GuestScratchDisk disk = GuestScratchDisk.over(hv, "vm");
        disk.writeRandom(8, 4);

        // prune --keep 1 after full, incremental, --full, incremental: the first chain goes, newest first.
        String f1 = create(": full (no backup chain yet)");
        String i1 = create(": incremental (changes since " + f1 + ")");
        String f2 = create(": full (a full backup was requested)", "--full");
        String i2 = create(": incremental (changes since " + f2 + ")");
        var prune = backup.run("prune", "vm", "--keep", "1", "--target", target);
        assertThat(prune.exitCode()).as(prune.all()).isZero();
        assertThat(prune.stdout()).isEqualTo("deleted " + i1 + "\ndeleted " + f1 + "\npruned 2 backup(s) and 0 interrupted leftover(s) of vm\n");
        assertThat(list()).extracting(BackupJson::id).containsExactly(f2, i2);
        verify("2 backup(s) checked, 0 failed");

        // Scheduled, every minute, keep the last 1, always full: the second run deletes the first run's
        // backup, never the backups made by hand.
        var add = hv.run("schedule", "add", "vm", "--id", "every", "--cron", "* * * * *", "--kind", "backup", "--target", target,
                "--max-incrementals", "0", "--keep-last", "1");
        assertThat(add.exitCode()).as(add.all()).isZero();
        assertThat(add.stdout()).contains("backup at '* * * * *' to " + target + " (unencrypted, full after 0 incrementals), keep last 1");
        long deadline = System.nanoTime() + SCHEDULE_DEADLINE.toNanos();
        String s1 = scheduled(awaitBackups("a first scheduled backup", deadline, l -> !scheduled(l).isEmpty())).getFirst().id();
        JsonNode first = awaitSchedule("the first run's result", deadline, r -> r.hasNonNull("lastResult"));
        assertThat(first.path("lastResult").path("ok").asBoolean()).as(first.toString()).isTrue();
        Instant firstRunAt = Instant.parse(first.path("lastRun").asText());
        JsonNode second = awaitSchedule("a second run with a result", deadline, r -> r.hasNonNull("lastResult")
                && Instant.parse(r.path("lastRun").asText()).isAfter(firstRunAt));
        assertThat(hv.run("schedule", "rm", "vm", "every").exitCode()).isZero(); // well before a third run starts

        assertThat(second.path("lastResult").path("ok").asBoolean()).as(second.toString()).isTrue();
        assertThat(second.path("lastResult").path("message").asText()).contains("(full, ").contains("keeping 1 of this schedule's (last 1)")
                .endsWith("; deleted " + s1);
        assertThat(second.path("nextRun").isTextual()).isTrue();
        assertThat(second.path("backup").path("target").asText()).isEqualTo(target);
        assertThat(second.path("backup").path("maxIncrementals").asInt()).isZero();
        List<BackupJson> afterSecond = list();
        String s2 = scheduled(afterSecond).getFirst().id();
        assertThat(s2).isNotEqualTo(s1);
        assertThat(afterSecond).extracting(BackupJson::id).containsExactly(f2, i2, s2);
        assertThat(afterSecond).extracting(BackupJson::schedule).containsExactly(null, null, "every");
        assertChainsComplete(afterSecond);
        verify("3 backup(s) checked, 0 failed");
        // The freshness goal metrics read: twice the cron's one-minute interval.
        assertThat(BackupStatus.read(hv.instanceDir("vm")).orElseThrow().maxAgeSeconds()).isEqualTo(120L);

        // Offline: a stopped instance gets a full backup made with qemu-img, which restores and boots.
        disk.writeRandom(20, 4);
        String written = disk.sha256(8, 16);
        var down = hv.run("down", "vm");
        assertThat(down.exitCode()).as(down.all()).isZero();
        String offline = create(": full (the VM is stopped: offline backups are always full)");
        assertThat(list()).extracting(BackupJson::id).containsExactly(f2, i2, s2, offline);
        var restore = backup.run("restore", "vm", offline, "--as", "copy", "--target", target);
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(restore.stdout()).contains("(chain of 1)");
        up("copy");
        assertThat(GuestScratchDisk.over(hv, "copy").sha256(8, 16)).isEqualTo(written);
        verify("4 backup(s) checked, 0 failed");
    }

    private void up(String name) throws Exception {
        var up = hv.run(Duration.ofMinutes(4), "up", name, "--image", TestGuests.linuxGuest().toString(), "--memory", "256",
                "--wait", "ssh", "--timeout", "240s");
        assertThat(up.exitCode()).as(up.all()).isZero();
    }

    /** Runs {@code backup create} by hand, checks its kind and reason, and returns the new backup's id. */
    private String create(String kindAndReason, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("create", "vm", "--target", target));
        args.addAll(List.of(extra));
        var r = backup.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.all()).isZero();
        Matcher m = CREATED.matcher(r.stdout());
        assertThat(m.find()).as(r.stdout()).isTrue();
        assertThat(r.stdout()).contains(kindAndReason);
        return m.group(1);
    }

    private List<BackupJson> list() throws Exception {
        var r = backup.run("list", "vm", "--target", target, "--output", "json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return BackupJson.parse(r.stdout());
    }

    private void verify(String summary) throws Exception {
        var r = backup.run("verify", "vm", "--target", target);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains(summary);
    }

    private static List<BackupJson> scheduled(List<BackupJson> backups) {
        return backups.stream().filter(b -> "every".equals(b.schedule())).toList();
    }

    private static void assertChainsComplete(List<BackupJson> backups) {
        Set<String> ids = backups.stream().map(BackupJson::id).collect(Collectors.toSet());
        assertThat(backups).allSatisfy(b -> assertThat(b.parent() == null || ids.contains(b.parent()))
                .as(b.id() + "'s parent " + b.parent() + " is listed").isTrue());
    }

    private List<BackupJson> awaitBackups(String what, long deadline, Predicate<List<BackupJson>> done) throws Exception {
        while (true) {
            List<BackupJson> l = list();
            if (done.test(l)) {
                return l;
            }
            assertThat(System.nanoTime()).as("no " + what + " within " + SCHEDULE_DEADLINE + "; listed: " + l).isLessThan(deadline);
            Thread.sleep(1000); // poll interval
        }
    }

    /** Polls {@code schedule list -o json} until the row of schedule "every" satisfies {@code done}. */
    private JsonNode awaitSchedule(String what, long deadline, Predicate<JsonNode> done) throws Exception {
        while (true) {
            var r = hv.run("schedule", "list", "vm", "--output", "json");
            assertThat(r.exitCode()).as(r.all()).isZero();
            JsonNode row = JsonFiles.MAPPER.readTree(r.stdout()).get(0);
            if (done.test(row)) {
                return row;
            }
            assertThat(System.nanoTime()).as("no " + what + " within " + SCHEDULE_DEADLINE + "; schedule: " + row).isLessThan(deadline);
            Thread.sleep(1000); // poll interval
        }
    }
}
