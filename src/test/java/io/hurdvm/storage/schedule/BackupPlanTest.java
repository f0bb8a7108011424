package io.hurdvm.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.secret.SecretFileException;
import io.hurdvm.storage.target.LocalDirTarget;
import io.hurdvm.storage.target.TargetUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupPlanTest {
    private static final Instant T = Instant.parse("2026-11-27T10:15:00Z");

    @TempDir Path dir;

    private Path file(String name, String content, String perms) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void s3Target_withoutCredentialsFile_isRejectedSayingWhy() {
        assertThatThrownBy(() -> new BackupPlan("s3://bucket/vms", null, null, null, null, 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a scheduled S3 backup needs --s3-credentials-file: the supervisor cannot see AWS_* variables of your shell");
    }

    @Test
    void s3Options_onADirectoryTarget_areRejected() {
        assertThatThrownBy(() -> new BackupPlan("file:///var/backups", "http://127.0.0.1:9000", null, null, null, 7))
                .hasMessageStartingWith("--s3-endpoint, --s3-region and --s3-credentials-file only apply to an s3:// target");
    }

    @Test
    void relativePaths_areRejected_becauseTheSupervisorRunsElsewhere() {
        assertThatThrownBy(() -> new BackupPlan("s3://bucket/vms", null, null, "creds", null, 7))
                .hasMessageStartingWith("--s3-credentials-file must be an absolute path in a schedule");
        assertThatThrownBy(() -> new BackupPlan("file:///b", null, null, null, "key", 7))
                .hasMessageStartingWith("--key-file must be an absolute path in a schedule");
    }

    @Test
    void invalidTargetOrMaxIncrementals_areRejected() {
        assertThatThrownBy(() -> new BackupPlan("ftp://host/x", null, null, null, null, 7)).hasMessageStartingWith("unsupported backup target");
        assertThatThrownBy(() -> new BackupPlan("s3://B/x", null, null, "/c", null, 7)).hasMessageStartingWith("invalid S3 bucket name");
        assertThatThrownBy(() -> new BackupPlan(null, null, null, null, null, 7)).hasMessageStartingWith("backup target is empty");
        assertThatThrownBy(() -> new BackupPlan("file:///b", null, null, null, null, -1)).hasMessage("--max-incrementals must be 0 or more, not -1");
    }

    @Test
    void backupSchedule_needsAPlan_andSnapshotScheduleRejectsOne() {
        BackupPlan plan = new BackupPlan("file:///b", null, null, null, null, 7);
        assertThatThrownBy(() -> ScheduleEntry.create("n", "0 2 * * *", ScheduleKind.BACKUP, Retention.KEEP_ALL, T))
                .hasMessageStartingWith("a backup schedule needs a backup target");
        assertThatThrownBy(() -> ScheduleEntry.create("n", "0 2 * * *", ScheduleKind.SNAPSHOT, Retention.KEEP_ALL, plan, T))
                .hasMessageStartingWith("a snapshot schedule takes no backup target");
        assertThat(ScheduleEntry.create("n", "0 2 * * *", ScheduleKind.BACKUP, Retention.KEEP_ALL, plan, T).backup()).isEqualTo(plan);
    }

    @Test
    void checkedOnThisHost_readsTheKeyAndCredentialsFiles() throws Exception {
        Path key = file("key", "ab".repeat(32), "rw-------");
        Path creds = file("creds", "access_key_id=AK\nsecret_access_key=SK\n", "rw-------");
        BackupPlan plan = new BackupPlan("s3://bucket/vms", "http://127.0.0.1:9000", null, creds.toString(), key.toString(), 3);
        assertThat(plan.checkedOnThisHost()).isSameAs(plan);
        assertThat(plan.key()).isPresent();
        assertThat(plan.describe()).isEqualTo("s3://bucket/vms (endpoint http://127.0.0.1:9000, encrypted, full after 3 incrementals)");
        assertThat(plan.toString()).doesNotContain("SK");
    }

    @Test
    void checkedOnThisHost_failsOnAnUnusableKeyFile() throws Exception {
        Path open = file("open.key", "ab".repeat(32), "rw-r--r--");
        Path shortKey = file("short.key", "abc", "rw-------");
        assertThatThrownBy(() -> new BackupPlan("file:///b", null, null, null, open.toString(), 7).checkedOnThisHost())
                .isInstanceOf(SecretFileException.class).hasMessageContaining("is readable by others: chmod 600");
        assertThatThrownBy(() -> new BackupPlan("file:///b", null, null, null, shortKey.toString(), 7).checkedOnThisHost())
                .isInstanceOf(SecretFileException.class).hasMessageContaining("must hold 32 raw bytes");
        assertThatThrownBy(() -> new BackupPlan("file:///b", null, null, null, dir.resolve("none").toString(), 7).checkedOnThisHost())
                .isInstanceOf(SecretFileException.class).hasMessageContaining("cannot read backup key file");
    }

    @Test
    void checkedOnThisHost_failsOnMissingOrIncompleteCredentials_ignoringTheCallersEnvironment() throws Exception {
        Path onlyId = file("creds", "access_key_id=AK\n", "rw-------");
        assertThatThrownBy(() -> new BackupPlan("s3://bucket/vms", null, null, onlyId.toString(), null, 7).checkedOnThisHost())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("S3 credentials missing");
        assertThatThrownBy(() -> new BackupPlan("s3://bucket/vms", null, null, dir.resolve("none").toString(), null, 7).checkedOnThisHost())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot read S3 credentials file");
    }

    @Test
    void open_givesTheDirectoryTarget() {
        BackupPlan plan = new BackupPlan(dir.toUri().toString(), null, null, null, null, 7);
        assertThat(plan.targetUri()).isEqualTo(new TargetUri.LocalDir(dir));
        assertThat(plan.open(Map.of())).isInstanceOf(LocalDirTarget.class);
    }
}
