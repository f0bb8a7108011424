package io.hurdvm.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hurdvm.errors.HurdvmException;
import io.hurdvm.proc.PrivateDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where migration sockets go: QEMU's work folder when the address fits, else only where QEMU runs as us. */
class QemuWorkDirSocketTest {
    @TempDir Path home;

    @Test
    void aShortInstancePath_putsTheSocketInQemusWorkFolder() {
        InstancePaths paths = InstancePaths.forDir(home.resolve("instances/vm"));
        QemuWorkDir.prepare(home, paths, Optional.empty());
        assertThat(QemuWorkDir.socket(paths, "restore.sock")).isEqualTo(paths.qemuWorkDir().resolve("restore.sock"));
    }

    @Test
    void aPathTooLongForASocket_fallsBackToTheSocketFolder_whenQemuRunsAsUs() {
        InstancePaths paths = longPaths();
        QemuWorkDir.prepare(home, paths, Optional.empty());
        Path socket = QemuWorkDir.socket(paths, "restore.sock");
        assertThat(socket).isEqualTo(paths.socketDir().resolve("restore.sock"));
        assertThat(socket.toString().length()).isLessThanOrEqualTo(InstancePaths.MAX_SOCKET_PATH);
    }

    @Test
    void aPathTooLongForASocket_isRefusedInOneLine_whenQemuRunsAsAnotherUser() throws Exception {
        assumeTrue(PrivateDirectory.currentUid() == 0, "needs root to hand the work folder to another user");
        InstancePaths paths = longPaths();
        QemuWorkDir.prepare(home, paths, Optional.of(home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody")));
        assertThatThrownBy(() -> QemuWorkDir.socket(paths, "restore.sock")).isInstanceOf(HurdvmException.class)
                .hasMessageContaining("too long for a socket").hasMessageContaining("nobody").hasMessageContaining("HURDVM_HOME");
    }

    @Test
    void handingAFileToQemu_isRefusedAtOnce_namingTheFolderItsUserCannotPass() throws Exception {
        assumeTrue(PrivateDirectory.currentUid() == 0, "needs root to hand the work folder to another user");
        var nobody = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Path closed = Files.createDirectory(home.resolve("closed"));
        Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path vmHome = closed.resolve("home");
        InstancePaths paths = InstancePaths.forDir(vmHome.resolve("instances/vm"));
        Files.createDirectories(paths.dir());
        QemuWorkDir.prepare(vmHome, paths, Optional.of(nobody));
        Path socket = Files.createFile(paths.qemuWorkDir().resolve("save.sock"));

        assertThatThrownBy(() -> QemuWorkDir.handOver(socket)).isInstanceOf(HurdvmException.class)
                .hasMessageStartingWith(closed + " cannot be passed through by nobody").hasMessageContaining("HURDVM_HOME");

        Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        QemuWorkDir.handOver(socket);
        assertThat(Files.getOwner(socket)).isEqualTo(nobody);
    }

    private InstancePaths longPaths() {
        Path dir = home.resolve("instances").resolve("v".repeat(Math.max(1, InstancePaths.MAX_SOCKET_PATH - home.toString().length() - 20)));
        assertThat(dir.resolve("qemu/restore.sock").toString().length()).isGreaterThan(InstancePaths.MAX_SOCKET_PATH);
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return InstancePaths.forDir(dir);
    }
}
