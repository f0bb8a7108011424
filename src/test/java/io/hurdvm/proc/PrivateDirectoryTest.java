package io.hurdvm.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder in a shared place (e.g. /tmp) that someone else prepared is never used for our sockets. */
class PrivateDirectoryTest {
    @TempDir Path tmp;

    @Test
    void missingFolder_isCreatedOwnerOnly() throws Exception {
        Path dir = PrivateDirectory.ensureInSharedPlace(tmp.resolve("hurdvm-x"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PrivateDirectory.ensureInSharedPlace(dir)).as("ours: accepted again").isEqualTo(dir);
    }

    @Test
    void folderOfAnotherUser_isRefused() throws Exception {
        assumeTrue(PrivateDirectory.currentUid() == 0, "needs root to give a folder to another user");
        Path dir = Files.createDirectory(tmp.resolve("hurdvm-0"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(dir, nobody);
        assertThatThrownBy(() -> PrivateDirectory.ensureInSharedPlace(dir)).isInstanceOf(UnsafeDirectoryException.class)
                .hasMessageContaining("belongs to uid 65534");
    }

    @Test
    void symbolicLink_isRefused_evenToAFolderOfOurs() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(tmp.resolve("hurdvm-0"), target);
        assertThatThrownBy(() -> PrivateDirectory.ensureInSharedPlace(link)).isInstanceOf(UnsafeDirectoryException.class)
                .hasMessageContaining("a symbolic link");
    }

    @Test
    void folderOthersMayWriteTo_isRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("hurdvm-0"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PrivateDirectory.ensureInSharedPlace(dir)).isInstanceOf(UnsafeDirectoryException.class)
                .hasMessageContaining("rwxrwxrwx");
    }

    @Test
    void homeWithAnOpenMode_isTightened() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateDirectory.ensureOwned(home);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
    }

    @Test
    void privateFilesCommand_passesArgumentsThroughUnparsed() {
        assertThat(PrivateFilesCommand.of(java.util.List.of("qemu-img", "info", "a b;$(x)")))
                .containsExactly("/bin/sh", "-c", "umask 077 && exec \"$0\" \"$@\"", "qemu-img", "info", "a b;$(x)");
    }
}
