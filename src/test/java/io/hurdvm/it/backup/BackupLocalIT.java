package io.hurdvm.it.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.it.HurdvmProcess;
import io.hurdvm.qemu.QemuUser;
import io.hurdvm.it.TestGuests;
import io.hurdvm.storage.backup.BackupStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Backups of the running Linux test guest to a local directory: the "must show" list. */
class BackupLocalIT {
    private static final long MIB = 1 << 20;
    private HurdvmProcess hv;
    private BackupCli backup;
    private Path targetDir;

    @BeforeEach
    void setUp() throws Exception {
        hv = new HurdvmProcess();
        backup = new BackupCli(hv);
        targetDir = Files.createDirectories(hv.home().resolve("backups-target"));
    }

    @AfterEach
    void tearDown() throws Exception {
        hv.close();
    }

    private String target() {
        return targetDir.toUri().toString();
    }

    private void up(String name) throws Exception {
        var up = hv.run(Duration.ofMinutes(4), "up", name, "--image", TestGuests.linuxGuest().toString(), "--memory", "256",
                "--wait", "ssh", "--timeout", "240s");
        assertThat(up.exitCode()).as(up.all()).isZero();
    }

    private List<BackupJson> list(String name) throws Exception {
        var r = backup.run("list", name, "--target", target(), "--output", "json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return BackupJson.parse(r.stdout());
    }

    @Test
    void fullThenIncremental_restoresBothPointsWithExactChecksums() throws Exception {
        up("src");
        String atFull;
        String atIncremental;
        try (GuestScratchDisk disk = GuestScratchDisk.over(hv, "src")) {
            disk.writeRandom(8, 16);
            atFull = disk.sha256(8, 16);
            var full = backup.run("create", "src", "--target", target());
            assertThat(full.exitCode()).as(full.all()).isZero();
            assertThat(full.stdout()).contains(": full (no backup chain yet)").contains("read ").contains("/s)");

            disk.writeRandom(12, 4);
            atIncremental = disk.sha256(8, 16);
            var inc = backup.run("create", "src", "--target", target());
            assertThat(inc.exitCode()).as(inc.all()).isZero();
            assertThat(inc.stdout()).contains(": incremental (changes since ");
        }
        assertThat(atIncremental).isNotEqualTo(atFull);

        List<BackupJson> backups = list("src");
        assertThat(backups).hasSize(2);
        assertThat(backups.get(0).kind()).isEqualTo("full");
        assertThat(backups.get(0).parent()).isNull();
        assertThat(backups.get(1).parent()).isEqualTo(backups.get(0).id());
        assertThat(backups.get(0).time()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        // 4 MiB of random data changed: the incremental copies that (plus a little guest metadata), not the disk.
        assertThat(backups.get(1).dataBytes()).isBetween(4 * MIB, 6 * MIB);
        assertThat(backups.get(1).size()).isBetween(4 * MIB, 7 * MIB);
        assertThat(backups.get(0).size()).isGreaterThan(16 * MIB);

        var verify = backup.run("verify", "src", "--target", target());
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.stdout()).contains("2 backup(s) checked, 0 failed");
        BackupStatus status = BackupStatus.read(hv.instanceDir("src")).orElseThrow();
        assertThat(status.lastSuccessEpochSeconds()).isPositive();
        assertThat(status.failuresTotal()).isZero();
        assertThat(hv.run("down", "src").exitCode()).isZero();

        var r1 = backup.run("restore", "src", backups.get(0).id(), "--as", "at-full", "--target", target());
        assertThat(r1.exitCode()).as(r1.all()).isZero();
        var r2 = backup.run("restore", "src", "latest", "--as", "at-inc", "--target", target());
        assertThat(r2.exitCode()).as(r2.all()).isZero();
        assertThat(r2.stdout()).contains("chain of 2");
        var clash = backup.run("restore", "src", "latest", "--as", "at-full", "--target", target());
        assertThat(clash.exitCode()).as("a conflict with what exists: bad input, nothing changed").isEqualTo(2);
        assertThat(clash.stderr()).contains("at-full already exists").contains("--replace");

        assertThat(checksumAfterBoot("at-full")).isEqualTo(atFull);
        assertThat(checksumAfterBoot("at-inc")).isEqualTo(atIncremental);
    }

    private String checksumAfterBoot(String name) throws Exception {
        up(name);
        try (GuestScratchDisk disk = GuestScratchDisk.over(hv, name)) {
            return disk.sha256(8, 16);
        } finally {
            hv.run("down", name);
        }
    }

    /**
     * A stream restore writes the disk while the stream is still being fetched: a chunk forged in the
     * middle must still leave no instance, no staging folder, and an instance it was to --replace as it was.
     */
    @Test
    void anEncryptedStreamWithAChunkDamagedInTheMiddle_restoresNothing_andLeavesNoStagingBehind() throws Exception {
        up("src");
        Path key = new PlantedBackups(hv).keyFile();
        try (GuestScratchDisk disk = GuestScratchDisk.over(hv, "src")) {
            disk.writeRandom(8, 24);
        }
        var full = backup.run("create", "src", "--target", target(), "--key-file", key.toString());
        assertThat(full.exitCode()).as(full.all()).isZero();
        assertThat(hv.run("down", "src").exitCode()).isZero();
        String id = list("src").getFirst().id();
        var sound = backup.run("restore", "src", id, "--as", "kept", "--target", target(), "--key-file", key.toString());
        assertThat(sound.exitCode()).as(sound.all()).isZero();
        Path keptDisk = hv.instanceDir("kept").resolve("disk.qcow2");
        byte[] keptBefore = Files.readAllBytes(keptDisk);

        Path stored = targetDir.resolve("src").resolve(id).resolve("disk.hvds.hvenc");
        byte[] bytes = Files.readAllBytes(stored);
        assertThat(bytes.length).as("a stream of many 1 MiB chunks").isGreaterThan(16 * (int) MIB);
        bytes[bytes.length / 2] ^= 1;
        Files.write(stored, bytes);

        var broken = backup.run("restore", "src", id, "--as", "broken", "--target", target(), "--key-file", key.toString());
        assertThat(broken.exitCode()).as(broken.all()).isEqualTo(1);
        assertThat(broken.stderr().lines().filter(l -> l.startsWith("hurdvm: ")).toList()).as(broken.all())
                .singleElement().asString().contains("is damaged");
        var replaced = backup.run("restore", "src", id, "--as", "kept", "--replace", "--target", target(), "--key-file", key.toString());
        assertThat(replaced.exitCode()).as(replaced.all()).isEqualTo(1);

        assertThat(hv.instanceDir("broken")).doesNotExist();
        assertThat(Files.readAllBytes(keptDisk)).as("the instance to be replaced is untouched").isEqualTo(keptBefore);
        try (Stream<Path> left = Files.list(hv.instanceDir("src").getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no staging folder or disk left").containsExactlyInAnyOrder("src", "kept", ".locks");
        }
    }

    /**
     * A restore serves its new disk with qemu-nbd on a Unix socket: in a home too long for one beside
     * the disk, the socket goes to the new instance's socket folder, as the instance's own sockets do.
     */
    @Test
    void aStreamBackupInAHomeTooLongForSockets_restoresAndLeavesNoSocketBehind() throws Exception {
        hv.close();
        // QEMU as ourselves (a user's own hurdvm; as root, QEMU's own user could reach no folder outside its work folder).
        hv = HurdvmProcess.withLongHome().env(QemuUser.ENV, "root");
        backup = new BackupCli(hv);
        targetDir = Files.createDirectories(hv.home().resolve("backups-target"));
        assertThat(hv.instanceDir("back").resolveSibling(".back.restoring-1").resolve("nbd.sock").toString()).hasSizeGreaterThan(107);
        up("src");
        var full = backup.run("create", "src", "--target", target());
        assertThat(full.exitCode()).as(full.all()).isZero();
        assertThat(hv.run("down", "src").exitCode()).isZero();

        var restored = backup.run("restore", "src", "latest", "--as", "back", "--target", target());
        assertThat(restored.exitCode()).as(restored.all()).isZero();
        var check = new ProcessBuilder("qemu-img", "check", hv.instanceDir("back").resolve("disk.qcow2").toString())
                .redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(report).isZero();
        Path sockets = InstancePaths.forDir(hv.instanceDir("back"), InstancePaths.runtimeBase(HostEnvironment.ofProcess())).socketDir();
        assertThat(sockets).as("the instance's sockets are outside its folder").isNotEqualTo(hv.instanceDir("back").toAbsolutePath());
        try (Stream<Path> left = Files.list(sockets)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the restore's socket is gone").noneMatch(n -> n.startsWith("restore-"));
        }
        assertThat(hv.run("rm", "back").exitCode()).isZero();
        assertThat(hv.run("rm", "src").exitCode()).isZero();
    }

    @Test
    void killedMidBackup_leavesNothingListable_andTheNextBackupSucceeds() throws Exception {
        up("k");
        var first = backup.run("create", "k", "--target", target());
        assertThat(first.exitCode()).as(first.all()).isZero();

        // Throttled so the copy is surely still running when it is killed.
        BackupCli.Running slow = backup.start("create", "k", "--full", "--speed", "1M", "--target", target());
        awaitProgress(slow, Duration.ofSeconds(60));
        slow.process().destroyForcibly(); // SIGKILL: no cleanup code runs
        slow.process().waitFor();
        // What a kill during the upload would leave: a data file without a manifest.
        Path orphan = targetDir.resolve("k/20000101T000000Z-dead/disk.qcow2");
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, new byte[4096]);

        assertThat(list("k")).hasSize(1);
        assertThat(hv.run("qmp", "k", "query-status").stdout()).contains("\"running\" : true");

        var next = backup.run("create", "k", "--target", target());
        assertThat(next.exitCode()).as(next.all()).isZero();
        // Two: the planted orphan and the killed run's partial disk stream (read from QEMU straight to the target).
        assertThat(next.stdout()).contains("removed 2 interrupted backup(s)")
                .contains(": full (the previous backup did not finish)");
        assertThat(list("k")).hasSize(2);
        assertThat(Files.exists(orphan.getParent())).isFalse();
        assertThat(Files.exists(hv.instanceDir("k").resolve("backup-staging"))).isFalse();
        assertThat(hv.run("qmp", "k", "query-jobs").stdout()).doesNotContain("hvbk-");
        assertThat(backup.run("verify", "k", "--target", target()).exitCode()).isZero();

        // Fails once QEMU's export runs (the target refuses the disk stream): export, job, node and
        // fleece image are removed on the failure path too, and no backup is listed there.
        Path blocked = Files.createDirectories(hv.home().resolve("blocked-target"));
        Files.writeString(blocked.resolve("k"), "not a folder");
        var refused = backup.run("create", "k", "--target", blocked.toUri().toString());
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
        assertThat(refused.stderr()).contains("Not a directory");
        for (String query : List.of("query-block-exports", "query-named-block-nodes", "query-jobs")) {
            assertThat(hv.run("qmp", "k", query).stdout()).as(query).doesNotContain("hvbk-");
        }
        try (Stream<Path> qemuFiles = Files.list(hv.instanceDir("k").resolve("qemu"))) {
            assertThat(qemuFiles.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("fleece-"));
        }
        assertThat(list("k")).hasSize(2);
    }

    private static void awaitProgress(BackupCli.Running r, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!r.progress().contains("disk [")) {
            assertThat(r.process().isAlive()).as("backup ended before the copy started: " + r.progress()).isTrue();
            assertThat(System.nanoTime()).as("no copy progress within " + timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Needs root to mount a small tmpfs as the "full" target (CI and this machine run as root). */
    @Test
    void targetFull_failsWithAClearError_vmKeepsRunning_andEarlierBackupsStayIntact() throws Exception {
        Path small = Files.createDirectories(hv.home().resolve("small-target"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", small.toString()).inheritIO().start();
        assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs (needs root): target-full test skipped");
        try {
            up("f");
            String uri = small.toUri().toString();
            assertThat(backup.run("create", "f", "--target", uri).exitCode()).isZero();
            long free = Files.getFileStore(small).getUsableSpace();
            Files.write(small.resolve("filler"), new byte[(int) (free - 2 * MIB)]);

            var full = backup.run("create", "f", "--full", "--target", uri);
            assertThat(full.exitCode()).isEqualTo(1);
            assertThat(full.stderr()).contains("hurdvm: ").contains("the target is full").contains("prune");

            assertThat(hv.run("qmp", "f", "query-status").stdout()).contains("\"running\" : true");
            var listed = backup.run("list", "f", "--target", uri, "--output", "json");
            assertThat(BackupJson.parse(listed.stdout())).hasSize(1);
            assertThat(backup.run("verify", "f", "--target", uri).exitCode()).isZero();
            try (Stream<Path> walk = Files.walk(small)) {
                assertThat(walk.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".partial"));
            }
            assertThat(BackupStatus.read(hv.instanceDir("f")).orElseThrow().failuresTotal()).isEqualTo(1);
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).inheritIO().start().waitFor();
        }
    }
}
