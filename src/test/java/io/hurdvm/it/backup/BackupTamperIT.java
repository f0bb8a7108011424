package io.hurdvm.it.backup;

import static io.hurdvm.it.backup.PlantedBackups.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.it.HurdvmProcess;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's backup attacks against the real CLI, real qcow2 files and a real directory target: an
 * attacker who can write to the target plants or alters backups, and verify and restore must refuse
 * them with one line while genuine backups keep working. No guest is booted: the source instance is
 * stopped, so genuine backups are offline ones made with qemu-img.
 */
class BackupTamperIT {
    private static final String PLANTED = "20991231T235959Z-0001";
    private HurdvmProcess hv;
    private BackupCli backup;
    private PlantedBackups plant;
    private Path targetDir;
    private String target;

    @BeforeEach
    void setUp() throws Exception {
        hv = new HurdvmProcess();
        backup = new BackupCli(hv);
        plant = new PlantedBackups(hv);
        plant.createSourceInstance();
        targetDir = Files.createDirectories(hv.home().resolve("target"));
        target = targetDir.toUri().toString();
    }

    @AfterEach
    void tearDown() throws Exception {
        hv.close();
    }

    private HurdvmProcess.Result bk(String... args) throws Exception {
        return backup.run(args);
    }

    private String genuineBackup(Path key) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("create", SOURCE, "--target", target, "--output", "json"));
        if (key != null) {
            args.addAll(List.of("--key-file", key.toString()));
        }
        var made = bk(args.toArray(String[]::new));
        assertThat(made.exitCode()).as(made.all()).isZero();
        return BackupJson.parse(bk("list", SOURCE, "--target", target, "--output", "json").stdout()).getLast().id();
    }

    /** The planted backup of the issue: unencrypted claim, disk backed by a host file, SSH on 0.0.0.0 and an extra forward. */
    private Path plantDowngrade(Path hostSecret) throws Exception {
        Path dir = Files.createDirectories(targetDir.resolve(SOURCE).resolve(PLANTED));
        PlantedBackups.diskBackedBy(dir.resolve("disk.qcow2"), hostSecret);
        Files.writeString(dir.resolve("spec.json"), PlantedBackups.OPEN_SPEC);
        PlantedBackups.unsignedManifest(dir, null);
        return dir;
    }

    private static void assertOneLineRefusal(HurdvmProcess.Result r, String... contains) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        List<String> errors = r.stderr().lines().filter(l -> l.startsWith("hurdvm: ")).toList();
        assertThat(errors).as(r.all()).singleElement().asString().contains(contains);
    }

    @Test
    void withAKey_thePlantedDowngradeBackup_isRefusedByVerifyAndRestore_andGenuineBackupsStillRestore() throws Exception {
        Path key = plant.keyFile();
        String genuine = genuineBackup(key);
        plantDowngrade(plant.hostSecret());

        var verify = bk("verify", SOURCE, "--target", target, "--key-file", key.toString());
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(1);
        assertThat(verify.stdout()).contains(genuine + ": ok")
                .contains(PLANTED + ": FAILED: backup " + PLANTED + " claims to be unencrypted, but a key was given");
        assertOneLineRefusal(bk("restore", SOURCE, "latest", "--as", "evil", "--target", target, "--key-file", key.toString()),
                "claims to be unencrypted, but a key was given");
        assertThat(hv.instanceDir("evil")).doesNotExist();
        assertThat(Files.list(hv.home().resolve("instances")).map(p -> p.getFileName().toString())).containsExactly(SOURCE);

        var good = bk("restore", SOURCE, genuine, "--as", "good", "--target", target, "--key-file", key.toString());
        assertThat(good.exitCode()).as(good.all()).isZero();
        byte[] head = PlantedBackups.guestBytes(hv.instanceDir("good").resolve("disk.qcow2"), hv.home().resolve("good.raw"), 4096);
        assertThat(head).containsOnly((byte) 0x41);
    }

    @Test
    void withoutAKey_anUnencryptedBackupInAnEncryptedTarget_isRefused_andItsBackingFileIsRefusedEvenWhenAllowed() throws Exception {
        genuineBackup(plant.keyFile());
        Path secret = plant.hostSecret();
        plantDowngrade(secret);

        var verify = bk("verify", SOURCE, PLANTED, "--target", target);
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.stdout()).contains("the target holds encrypted backups of src: it may have been planted");
        assertOneLineRefusal(bk("restore", SOURCE, PLANTED, "--as", "evil", "--target", target), "the target holds encrypted backups");

        var allowed = bk("restore", SOURCE, PLANTED, "--as", "evil", "--target", target, "--allow-unencrypted");
        assertOneLineRefusal(allowed, "refers to another file (backing file " + secret);
        assertThat(hv.instanceDir("evil")).doesNotExist();
    }

    @Test
    void anEncryptedBackupReplayedUnderANewerId_orWithAlteredDataAndAMatchingHash_isRefused() throws Exception {
        Path key = plant.keyFile();
        String genuine = genuineBackup(key);
        Path replay = targetDir.resolve(SOURCE).resolve(PLANTED);
        Files.createDirectories(replay);
        try (Stream<Path> files = Files.list(targetDir.resolve(SOURCE).resolve(genuine))) {
            for (Path f : files.toList()) {
                Files.copy(f, replay.resolve(f.getFileName()));
            }
        }
        Path manifest = replay.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace(genuine, PLANTED));
        var verify = bk("verify", SOURCE, PLANTED, "--target", target, "--key-file", key.toString());
        assertThat(verify.stdout()).contains("FAILED: backup " + PLANTED + ": its manifest does not authenticate with this key");
        assertOneLineRefusal(bk("restore", SOURCE, PLANTED, "--as", "evil", "--target", target, "--key-file", key.toString()),
                "does not authenticate with this key");

        // Altered data with the manifest's hash made to match: the manifest's mac no longer does.
        Path disk = targetDir.resolve(SOURCE).resolve(genuine).resolve("disk.qcow2.hvenc");
        String oldSha = PlantedBackups.sha256(disk);
        byte[] bytes = Files.readAllBytes(disk);
        bytes[bytes.length / 2] ^= 1;
        Files.write(disk, bytes);
        Path genuineManifest = targetDir.resolve(SOURCE).resolve(genuine).resolve("manifest.json");
        Files.writeString(genuineManifest, Files.readString(genuineManifest).replace(oldSha, PlantedBackups.sha256(disk)));
        var altered = bk("verify", SOURCE, genuine, "--target", target, "--key-file", key.toString());
        assertThat(altered.exitCode()).isEqualTo(1);
        assertThat(altered.stdout()).contains(genuine + ": FAILED: backup " + genuine + ": its manifest does not authenticate");
    }

    /** rebase -u replaces a lower layer's backing file, but not an external data file: every layer is checked. */
    @Test
    void anIncrementalLayerWithAHostDataFile_isRefusedByRestore() throws Exception {
        String full = genuineBackup(null);
        Path secret = plant.hostSecret();
        Path dir = Files.createDirectories(targetDir.resolve(SOURCE).resolve(PLANTED));
        PlantedBackups.diskWithDataFile(dir.resolve("disk.qcow2"), secret);
        Files.copy(hv.instanceDir(SOURCE).resolve("spec.json"), dir.resolve("spec.json"));
        PlantedBackups.unsignedManifest(dir, full);

        byte[] secretBefore = Files.readAllBytes(secret);
        assertOneLineRefusal(bk("restore", SOURCE, "latest", "--as", "evil", "--target", target),
                "backup " + PLANTED + "'s disk refers to another file (data file " + secret);
        assertThat(hv.instanceDir("evil")).doesNotExist();
        assertThat(Files.readAllBytes(secret)).isEqualTo(secretBefore);
    }

    @Test
    void aRestoredSpec_neverWidensNetworkExposure_withoutTheFlag_andIsValidatedLikeUserInput() throws Exception {
        genuineBackup(null);
        Path dir = Files.createDirectories(targetDir.resolve(SOURCE).resolve(PLANTED));
        PlantedBackups.cleanDisk(dir.resolve("disk.qcow2"));
        Files.writeString(dir.resolve("spec.json"), PlantedBackups.OPEN_SPEC);
        PlantedBackups.unsignedManifest(dir, null);

        var narrowed = bk("restore", SOURCE, PLANTED, "--as", "plain", "--target", target);
        assertThat(narrowed.exitCode()).as(narrowed.all()).isZero();
        assertThat(narrowed.stdout()).contains("not taken from the backup (pass --trust-backup-network to keep): SSH on 0.0.0.0:2222, "
                + "forward 0.0.0.0:8080 to guest port 80");
        String spec = Files.readString(hv.instanceDir("plain").resolve("spec.json")).replaceAll("\\s", "");
        assertThat(spec).contains("\"sshBind\":\"127.0.0.1\",\"sshPort\":0,\"forwards\":[]").doesNotContain("0.0.0.0");

        var trusted = bk("restore", SOURCE, PLANTED, "--as", "open", "--target", target, "--trust-backup-network");
        assertThat(trusted.exitCode()).as(trusted.all()).isZero();
        assertThat(Files.readString(hv.instanceDir("open").resolve("spec.json")).replaceAll("\\s", ""))
                .contains("\"sshBind\":\"0.0.0.0\",\"sshPort\":2222,\"forwards\":[{\"hostAddress\":\"0.0.0.0\",\"hostPort\":8080,\"guestPort\":80,\"protocol\":\"tcp\"}]");

        Files.writeString(dir.resolve("spec.json"), PlantedBackups.OPEN_SPEC.replace("\"cpus\":1", "\"cpus\":1,\"qemuArgs\":[\"-S\"]"));
        PlantedBackups.unsignedManifest(dir, null);
        assertOneLineRefusal(bk("restore", SOURCE, PLANTED, "--as", "bad", "--target", target), "the backup's spec.json is invalid");
        assertThat(hv.instanceDir("bad")).doesNotExist();
    }

    @Test
    void verifyLatest_checksTheNewestBackup() throws Exception {
        genuineBackup(null);
        String newest = genuineBackup(null);
        var latest = bk("verify", SOURCE, "latest", "--target", target);
        assertThat(latest.exitCode()).as(latest.all()).isZero();
        assertThat(latest.stdout()).contains(newest + ": ok").contains("1 backup(s) checked, 0 failed");
    }

    /** What a killed upload leaves (a hidden partial file) goes with the next backup or prune; a live upload's stays. */
    @Test
    void leftoverPartialUploads_areCleanedByTheNextBackupAndPrune_butNotOneStillBeingWritten() throws Exception {
        String first = genuineBackup(null);
        Path killedUpload = Files.createDirectories(targetDir.resolve(SOURCE).resolve("20260101T000000Z-dead"))
                .resolve(".disk.qcow2.partial-999999");
        Files.write(killedUpload, new byte[4096]);
        Path killedManifest = targetDir.resolve(SOURCE).resolve(first).resolve(".manifest.json.partial-999998");
        Files.writeString(killedManifest, "{");
        Path live = Files.createDirectories(targetDir.resolve(SOURCE).resolve("20260101T000000Z-live")).resolve(".disk.qcow2.partial-1");
        Files.write(live, new byte[10]);
        try (FileChannel ch = FileChannel.open(live, StandardOpenOption.WRITE); FileLock uploading = ch.lock()) {
            var next = bk("create", SOURCE, "--target", target);
            assertThat(next.exitCode()).as(next.all()).isZero();
            assertThat(killedUpload).doesNotExist();
            assertThat(killedUpload.getParent()).doesNotExist();
            assertThat(killedManifest).doesNotExist();
            assertThat(live).exists();
        }
        var prune = bk("prune", SOURCE, "--keep", "5", "--target", target);
        assertThat(prune.exitCode()).as(prune.all()).isZero();
        assertThat(prune.stdout()).contains("1 interrupted leftover(s)");
        assertThat(live).doesNotExist();
        assertThat(live.getParent()).doesNotExist();
    }

    /** Every file and folder a backup and a restore write, on the target and in HURDVM_HOME, is owner-only. */
    @Test
    void everyFileABackupOrRestoreWrites_isOwnerOnly() throws Exception {
        genuineBackup(null);
        var restore = bk("restore", SOURCE, "latest", "--as", "copy", "--target", target);
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        Path key = plant.keyFile();
        Path encryptedDir = Files.createDirectories(hv.home().resolve("encrypted"));
        String encryptedTarget = encryptedDir.toUri().toString();
        var made = bk("create", SOURCE, "--target", encryptedTarget, "--key-file", key.toString());
        assertThat(made.exitCode()).as(made.all()).isZero();
        var decrypted = bk("restore", SOURCE, "latest", "--as", "copy2", "--target", encryptedTarget, "--key-file", key.toString());
        assertThat(decrypted.exitCode()).as(decrypted.all()).isZero();

        List<Path> written = new java.util.ArrayList<>();
        for (Path t : List.of(targetDir, encryptedDir)) {
            try (Stream<Path> walk = Files.walk(t.resolve(SOURCE))) {
                walk.forEach(written::add);
            }
        }
        for (String f : List.of("backup-chain.json", "backup-status.json", "backup.lock")) {
            written.add(hv.instanceDir(SOURCE).resolve(f));
        }
        for (String restored : List.of("copy", "copy2")) {
            try (Stream<Path> walk = Files.walk(hv.instanceDir(restored))) {
                walk.forEach(written::add);
            }
        }
        assertThat(written).hasSizeGreaterThan(12);
        for (Path p : written) {
            String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo(expected);
        }
    }
}
