package io.hurdvm.it.backup;

import static io.hurdvm.it.backup.PlantedBackups.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.it.HurdvmProcess;
import io.hurdvm.storage.target.S3Target;
import io.hurdvm.storage.target.S3TestServer;
import io.hurdvm.storage.target.TargetUri;
import io.hurdvm.storage.target.TransferListener;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planted downgrade backup of {@link BackupTamperIT} in an encrypted S3 target on s3rver (a real
 * S3-compatible HTTP server on 127.0.0.1): planted with the AWS SDK as an attacker with the bucket's
 * credentials would, refused by verify and restore with the key.
 */
class BackupTamperS3rverIT {
    private static final String PLANTED = "20991231T235959Z-0001";
    private static S3TestServer server;

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

    @Test
    void thePlantedDowngradeBackup_inAnEncryptedS3Target_isRefusedByVerifyAndRestore() throws Exception {
        try (HurdvmProcess hv = new HurdvmProcess()) {
            PlantedBackups plant = new PlantedBackups(hv);
            plant.createSourceInstance();
            Path key = plant.keyFile();
            BackupCli backup = new BackupCli(hv).env("HURDVM_S3_ENDPOINT", server.endpoint().toString())
                    .env("HURDVM_S3_CREDENTIALS_FILE", server.credentialsFile(hv.home()).toString());
            String prefix = hv.home().getFileName().toString();
            String target = "s3://" + S3TestServer.BUCKET + "/" + prefix;
            var genuine = backup.run("create", SOURCE, "--target", target, "--key-file", key.toString());
            assertThat(genuine.exitCode()).as(genuine.all()).isZero();

            Path dir = Files.createDirectories(hv.home().resolve("plant").resolve(PLANTED));
            PlantedBackups.diskBackedBy(dir.resolve("disk.qcow2"), plant.hostSecret());
            Files.writeString(dir.resolve("spec.json"), PlantedBackups.OPEN_SPEC);
            PlantedBackups.unsignedManifest(dir, null);
            try (S3Target attacker = new S3Target(new TargetUri.S3(S3TestServer.BUCKET, prefix), server.settings())) {
                for (String f : new String[] {"disk.qcow2", "spec.json", "manifest.json"}) {
                    attacker.put(SOURCE + "/" + PLANTED + "/" + f, dir.resolve(f), TransferListener.NONE);
                }
            }

            var verify = backup.run("verify", SOURCE, "--target", target, "--key-file", key.toString());
            assertThat(verify.exitCode()).as(verify.all()).isEqualTo(1);
            assertThat(verify.stdout()).contains(PLANTED + ": FAILED: backup " + PLANTED + " claims to be unencrypted, but a key was given")
                    .contains("2 backup(s) checked, 1 failed");
            var restore = backup.run("restore", SOURCE, "latest", "--as", "evil", "--target", target, "--key-file", key.toString());
            assertThat(restore.exitCode()).as(restore.all()).isEqualTo(1);
            assertThat(restore.stderr().lines().filter(l -> l.startsWith("hurdvm: ")).toList()).singleElement().asString()
                    .contains("claims to be unencrypted, but a key was given");
            assertThat(hv.instanceDir("evil")).doesNotExist();
        }
    }
}
