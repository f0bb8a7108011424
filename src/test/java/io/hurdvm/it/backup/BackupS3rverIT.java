package io.hurdvm.it.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.it.HurdvmProcess;
import io.hurdvm.it.TestGuests;
import io.hurdvm.storage.target.S3Target;
import io.hurdvm.storage.target.S3TestServer;
import io.hurdvm.storage.target.TargetUri;
import io.hurdvm.storage.target.TransferListener;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backups of the running Linux test guest to S3, against s3rver: a real S3-compatible HTTP server
 * started on 127.0.0.1 by scripts/s3-test-server (not a mock). Backups here are also encrypted.
 */
class BackupS3rverIT {
    private static final long MIB = 1 << 20;
    private static S3TestServer server;
    private HurdvmProcess hv;
    private BackupCli backup;
    private String target;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        hv = new HurdvmProcess();
        Path creds = server.credentialsFile(hv.home());
        backup = new BackupCli(hv).env("HURDVM_S3_ENDPOINT", server.endpoint().toString())
                .env("HURDVM_S3_CREDENTIALS_FILE", creds.toString());
        target = "s3://" + S3TestServer.BUCKET + "/" + hv.home().getFileName();
    }

    @AfterEach
    void tearDown() throws Exception {
        hv.close();
    }

    private void up(String name) throws Exception {
        var up = hv.run(Duration.ofMinutes(4), "up", name, "--image", TestGuests.linuxGuest().toString(), "--memory", "256",
                "--wait", "ssh", "--timeout", "240s");
        assertThat(up.exitCode()).as(up.all()).isZero();
    }

    private Path keyFile() throws Exception {
        return new PlantedBackups(hv).keyFile();
    }

    @Test
    void encryptedFullAndIncremental_onS3_restoreBothPointsExactly_andBootCheckPasses() throws Exception {
        Path key = keyFile();
        up("s3src");
        String atFull;
        String atIncremental;
        try (GuestScratchDisk disk = GuestScratchDisk.over(hv, "s3src")) {
            disk.writeRandom(8, 16);
            atFull = disk.sha256(8, 16);
            var full = backup.run("create", "s3src", "--target", target, "--key-file", key.toString());
            assertThat(full.exitCode()).as(full.all()).isZero();
            disk.writeRandom(12, 4);
            atIncremental = disk.sha256(8, 16);
            var inc = backup.run("create", "s3src", "--target", target, "--key-file", key.toString());
            assertThat(inc.exitCode()).as(inc.all()).isZero();
            assertThat(inc.stdout()).contains(": incremental (");
        }
        var listed = backup.run("list", "s3src", "--target", target, "--output", "json");
        List<BackupJson> backups = BackupJson.parse(listed.stdout());
        assertThat(backups).hasSize(2).allMatch(BackupJson::encrypted);
        assertThat(backups.get(1).parent()).isEqualTo(backups.get(0).id());
        assertThat(backups.get(1).dataBytes()).isBetween(4 * MIB, 6 * MIB);
        assertThat(backups.get(0).size()).isGreaterThan(16 * MIB); // > 2 parts of 8 MiB: went up as a multipart upload
        assertThat(backup.run("verify", "s3src", "--target", target).stdout()).contains("2 backup(s) checked, 0 failed");
        assertThat(storedObjects()).isNotEmpty().noneMatch(BackupS3rverIT::startsWithQcow2Magic);
        assertThat(hv.run("down", "s3src").exitCode()).isZero();

        var noKey = backup.run("restore", "s3src", "latest", "--as", "nokey", "--target", target);
        assertThat(noKey.exitCode()).as(noKey.all()).isEqualTo(2); // bad input: nothing was restored
        assertThat(noKey.stderr()).contains("is encrypted: pass --key-file");

        BackupCli withKey = backup.env("HURDVM_BACKUP_KEY_FILE", key.toString());
        assertThat(withKey.run("restore", "s3src", backups.get(0).id(), "--as", "s3full", "--target", target).exitCode()).isZero();
        up("s3full");
        try (GuestScratchDisk disk = GuestScratchDisk.over(hv, "s3full")) {
            assertThat(disk.sha256(8, 16)).isEqualTo(atFull);
        }
        hv.run("down", "s3full");

        var drill = withKey.run(Duration.ofMinutes(6), "restore", "s3src", "latest", "--as", "s3inc", "--target", target,
                "--boot-check", "--wait", "ssh", "--timeout", "240s", "--keep-running");
        assertThat(drill.exitCode()).as(drill.all()).isZero();
        assertThat(drill.stdout()).contains("boot check passed: s3inc");
        try (GuestScratchDisk disk = GuestScratchDisk.over(hv, "s3inc")) {
            assertThat(disk.sha256(8, 16)).isEqualTo(atIncremental);
        }
    }

    private List<Path> storedObjects() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(server.dataDir())) {
            walk.filter(Files::isRegularFile).filter(p -> p.toString().contains(hv.home().getFileName().toString()))
                    .filter(p -> p.toString().contains("disk.hvds")).forEach(files::add);
        }
        return files;
    }

    private static boolean startsWithQcow2Magic(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'Q' && head[1] == 'F' && head[2] == 'I' && (head[3] & 0xff) == 0xfb;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unreachableS3_failsClearly_vmKeepsRunning_andEarlierBackupsStayIntact() throws Exception {
        up("s3u");
        assertThat(backup.run("create", "s3u", "--target", target).exitCode()).isZero();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        var failed = backup.run("create", "s3u", "--target", target, "--s3-endpoint", "http://127.0.0.1:" + closedPort);
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stderr()).contains("hurdvm: ").contains("cannot reach").contains("127.0.0.1:" + closedPort);
        assertThat(failed.stderr().lines().filter(l -> l.startsWith("hurdvm: ")).count()).isEqualTo(1);

        assertThat(hv.run("qmp", "s3u", "query-status").stdout()).contains("\"running\" : true");
        assertThat(BackupJson.parse(backup.run("list", "s3u", "--target", target, "--output", "json").stdout())).hasSize(1);
        assertThat(backup.run("verify", "s3u", "--target", target).exitCode()).isZero();
        var next = backup.run("create", "s3u", "--target", target);
        assertThat(next.exitCode()).as(next.all()).isZero();
    }

    /**
     * The planted downgrade backup of {@link BackupTamperIT} in an encrypted S3 target, planted with
     * the AWS SDK as anyone with the bucket's credentials could: refused by verify and restore with
     * the key. No guest: the source instance is stopped and backed up offline.
     */
    @Test
    void thePlantedDowngradeBackup_inAnEncryptedS3Target_isRefusedByVerifyAndRestore() throws Exception {
        PlantedBackups plant = new PlantedBackups(hv);
        plant.createSourceInstance();
        Path key = keyFile();
        var genuine = backup.run("create", PlantedBackups.SOURCE, "--target", target, "--key-file", key.toString());
        assertThat(genuine.exitCode()).as(genuine.all()).isZero();

        String planted = "20991231T235959Z-0001";
        Path dir = Files.createDirectories(hv.home().resolve("plant").resolve(planted));
        PlantedBackups.diskBackedBy(dir.resolve("disk.qcow2"), plant.hostSecret());
        Files.writeString(dir.resolve("spec.json"), PlantedBackups.OPEN_SPEC);
        PlantedBackups.unsignedManifest(dir, null);
        try (S3Target attacker = new S3Target(new TargetUri.S3(S3TestServer.BUCKET, hv.home().getFileName().toString()), server.settings())) {
            for (String f : List.of("disk.qcow2", "spec.json", "manifest.json")) {
                attacker.put(PlantedBackups.SOURCE + "/" + planted + "/" + f, dir.resolve(f), TransferListener.NONE);
            }
        }

        var verify = backup.run("verify", PlantedBackups.SOURCE, "--target", target, "--key-file", key.toString());
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(1);
        assertThat(verify.stdout()).contains(planted + ": FAILED: backup " + planted + " claims to be unencrypted, but a key was given")
                .contains("2 backup(s) checked, 1 failed");
        var restore = backup.run("restore", PlantedBackups.SOURCE, "latest", "--as", "evil", "--target", target, "--key-file", key.toString());
        assertThat(restore.exitCode()).as(restore.all()).isEqualTo(1);
        assertThat(restore.stderr().lines().filter(l -> l.startsWith("hurdvm: ")).toList()).singleElement().asString()
                .contains("claims to be unencrypted, but a key was given");
        assertThat(hv.instanceDir("evil")).doesNotExist();
    }
}
