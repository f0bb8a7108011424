package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.InProcessCli;
import io.hurdvm.cli.InProcessCli.Run;
import io.hurdvm.instance.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hurdvm backup|snapshot create|list --host} as a user runs them (in-process picocli) against a
 * real daemon whose environment names the backup target; the stopped instance's qcow2 is real, so
 * backups and snapshots are real offline ones made by qemu-img.
 */
class StorageViaHostTest {
    @TempDir Path home;
    private Path targetDir;
    private StorageApiServer server;
    private String url;
    private Path tokenFile;

    @BeforeEach
    void start() throws Exception {
        targetDir = Files.createDirectories(home.resolve("target"));
        server = StorageApiServer.start(home, Map.of("HURDVM_BACKUP_TARGET", targetDir.toUri().toString()));
        url = server.server().baseUri().toString();
        tokenFile = TestTokens.file(home);
        server.createStoppedInstance("vm1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** As a user runs it, with the daemon's token. */
    private Run run(String... args) {
        return InProcessCli.runWithToken(tokenFile, args);
    }

    @Test
    void createViaHost_usesTheDaemonsTarget_andListViaHostShowsTheBackup() throws Exception {
        Run made = run("backup", "create", "vm1", "--host", url);
        assertThat(made.exitCode()).as(made.toString()).isZero();
        assertThat(made.out()).contains("of vm1: full").contains("on " + targetDir.toUri());

        Run listed = run("backup", "list", "vm1", "--host", url, "--output", "json");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        JsonNode rows = JsonFiles.MAPPER.readTree(listed.out());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("kind").asText()).isEqualTo("full");
        assertThat(made.out()).contains("backup " + rows.get(0).path("id").asText() + " of vm1");
    }

    @Test
    void verifyRestorePruneViaHost_workOnTheDaemonsHost_asTheCliDoesLocally() throws Exception {
        assertThat(run("backup", "create", "vm1", "--host", url).exitCode()).isZero();
        assertThat(run("backup", "create", "vm1", "--host", url, "--full").exitCode()).isZero();

        Run verified = run("backup", "verify", "vm1", "--host", url);
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.out()).contains("2 backup(s) checked, 0 failed");

        Run restored = run("backup", "restore", "vm1", "latest", "--as", "vm2", "--host", url);
        assertThat(restored.exitCode()).as(restored.toString()).isZero();
        assertThat(restored.out()).contains("(chain of 1) as instance vm2");
        assertThat(server.service().store().exists(io.hurdvm.vm.InstanceName.of("vm2"))).isTrue();
        Run again = run("backup", "restore", "vm1", "latest", "--as", "vm2", "--host", url);
        assertThat(again.exitCode()).as("a conflict, as locally").isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("already exists");

        Run pruned = run("backup", "prune", "vm1", "--keep", "1", "--host", url);
        assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
        assertThat(pruned.out()).contains("pruned 1 backup(s)");
        assertThat(JsonFiles.MAPPER.readTree(run("backup", "list", "vm1", "--host", url, "--output", "json").out())).hasSize(1);
    }

    @Test
    void keyOrS3FlagsViaHost_exit2_becauseTheDaemonUsesItsOwnSecrets() {
        Run r = run("backup", "create", "vm1", "--host", url, "--key-file", home.resolve("key").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).contains("do not apply with --host").doesNotContain("\n");
        assertThat(targetDir).isEmptyDirectory();
    }

    @Test
    void listViaHost_ofAnotherTarget_asksTheDaemonForThatTarget() throws Exception {
        Path other = Files.createDirectories(home.resolve("other"));
        Run r = run("backup", "list", "vm1", "--host", url, "--target", other.toUri().toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().strip()).isEqualTo("no backups of vm1 on " + other.toUri());
    }

    @Test
    void snapshotCreateViaHost_isOffline_andListViaHostShowsIt_inTheCliJsonShape() throws Exception {
        Run made = run("snapshot", "create", "vm1", "before-upgrade", "--host", url);
        assertThat(made.exitCode()).as(made.toString()).isZero();
        assertThat(made.out().strip()).isEqualTo("created snapshot 'before-upgrade' of vm1: disk only (vm1 is stopped)");

        Run listed = run("snapshot", "list", "vm1", "--host", url, "--output", "json");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        JsonNode report = JsonFiles.MAPPER.readTree(listed.out());
        assertThat(report.path("instance").asText()).isEqualTo("vm1");
        assertThat(report.path("snapshots").findValuesAsText("name")).containsExactly("before-upgrade");
        assertThat(run("snapshot", "list", "vm1", "--host", url).out()).contains("before-upgrade").contains("- (disk)");
    }

    @Test
    void snapshotRestoreViaHost_needsYesOffATerminal_likeLocally_andDeleteViaHostWorks() {
        assertThat(run("snapshot", "create", "vm1", "s1", "--host", url).exitCode()).isZero();

        Run unconfirmed = run("snapshot", "restore", "vm1", "s1", "--host", url);
        assertThat(unconfirmed.exitCode()).as(unconfirmed.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unconfirmed.err()).contains("pass --yes");
        Run restored = run("snapshot", "restore", "vm1", "s1", "--host", url, "--yes");
        assertThat(restored.exitCode()).as(restored.toString()).isZero();
        assertThat(restored.out().strip()).isEqualTo("restored vm1 to snapshot 's1' (disk)");
        Run missing = run("snapshot", "restore", "vm1", "nope", "--host", url, "--yes");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.NOT_FOUND);

        Run deleted = run("snapshot", "delete", "vm1", "s1", "--host", url);
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.out().strip()).isEqualTo("deleted snapshot 's1' of vm1");
        assertThat(run("snapshot", "list", "vm1", "--host", url).out()).contains("vm1 has no snapshots");
    }

    @Test
    void snapshotViaHost_ofAMissingInstance_exits3() {
        Run r = run("snapshot", "list", "nope", "--host", url);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void backupViaHost_toAMissingTargetDirectory_exits3AsLocally_withTheDaemonsOneLine() {
        Run r = run("backup", "create", "vm1", "--host", url, "--target", home.resolve("missing").toUri().toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err().strip()).startsWith("hurdvm: ").doesNotContain("\n");
    }
}
