package io.hurdvm.storage.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.storage.backup.BackupEnvironment;
import io.hurdvm.storage.schedule.BackupPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the default directory ($HURDVM_HOME/backups) is created on first use; others must exist. */
class BackupTargetsTest {
    @TempDir
    Path tmp;

    @Test
    void defaultDirectory_listsEmptyUntilTheFirstWrite_whichCreatesItOwnerOnly() throws Exception {
        Path home = tmp.resolve("home"); // not even HURDVM_HOME exists yet
        BackupEnvironment env = new BackupEnvironment(home, Map.of());
        TargetUri uri = env.target(Optional.empty());
        assertThat(uri).isEqualTo(new TargetUri.LocalDir(home.resolve("backups")));
        Path source = Files.writeString(tmp.resolve("object"), "data");
        try (BackupTarget target = env.open(uri, Optional.empty(), Optional.empty(), Optional.empty())) {
            assertThat(target.list("")).isEmpty();
            assertThat(home.resolve("backups")).doesNotExist();
            target.put("vm/1/manifest.json", source, (key, done, total) -> { });
            assertThat(target.list("")).extracting(StoredObject::key).containsExactly("vm/1/manifest.json");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("backups")))).isEqualTo("rwx------");
    }

    @Test
    void anExplicitDirectoryThatDoesNotExist_staysAnError_andIsNotCreated() throws Exception {
        Path missing = tmp.resolve("typo");
        BackupEnvironment env = new BackupEnvironment(tmp.resolve("home"), Map.of());
        try (BackupTarget target = env.open(env.target(Optional.of(missing.toUri().toString())), Optional.empty(), Optional.empty(),
                Optional.empty())) {
            assertThatThrownBy(() -> target.list("")).isInstanceOfSatisfying(BackupTargetException.class,
                    e -> assertThat(e.reason()).isEqualTo(BackupTargetException.Reason.NOT_FOUND))
                    .hasMessage("backup directory " + missing + " does not exist: create it first"
                            + " (only the default, $HURDVM_HOME/backups, is created on first use)");
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    void aScheduleWithTheDefaultTarget_isRecognisedInTheSupervisorsEnvironment() throws Exception {
        Path home = tmp.resolve("home");
        String defaultUri = new BackupEnvironment(home, Map.of()).target(Optional.empty()).toString();
        BackupPlan plan = new BackupPlan(defaultUri, null, null, null, null, 7);
        Path source = Files.writeString(tmp.resolve("object"), "data");
        try (BackupTarget target = plan.open(Map.of("HURDVM_HOME", home.toString()))) {
            assertThat(target.list("")).isEmpty();
            target.put("vm/1/x", source, (key, done, total) -> { });
        }
        assertThat(home.resolve("backups/vm/1/x")).exists();
    }
}
