package io.hurdvm.storage.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirTargetTest {
    @TempDir Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Fails on the target as first written: 0755 folders and 0644 files, a whole guest disk readable by every local user. */
    @Test
    void put_writesOwnerOnlyFoldersAndFiles_andTightensExistingFolders() throws Exception {
        Path root = tmp.resolve("backups");
        Path src = Files.writeString(tmp.resolve("src"), "data");
        Files.createDirectories(root.resolve("vm"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        LocalDirTarget target = new LocalDirTarget(root);
        target.put("vm/20260101T000000Z-f001/disk.qcow2", src, TransferListener.NONE);
        assertThat(mode(root.resolve("vm"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("vm/20260101T000000Z-f001"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("vm/20260101T000000Z-f001/disk.qcow2"))).isEqualTo("rw-------");

        LocalDirTarget fresh = new LocalDirTarget(tmp.resolve("new/backups"));
        fresh.put("vm/20260101T000000Z-f001/manifest.json", src, TransferListener.NONE);
        assertThat(mode(tmp.resolve("new/backups"))).isEqualTo("rwx------");
    }

    /** Fails on the target as first written: hidden partial files of killed uploads stayed forever. */
    @Test
    void removeAbandonedUploads_deletesUnlockedPartialsOfThePrefixOnly_andTheirEmptyFolders() throws Exception {
        Path root = tmp.resolve("backups");
        Path dead = Files.createDirectories(root.resolve("vm/20260101T000000Z-f001")).resolve(".disk.qcow2.hvenc.partial-4242");
        Files.writeString(dead, "half an upload");
        Path live = Files.createDirectories(root.resolve("vm/20260102T000000Z-f002")).resolve(".disk.qcow2.partial-4343");
        Files.writeString(live, "still uploading");
        Path otherInstance = Files.createDirectories(root.resolve("db/20260101T000000Z-f001")).resolve(".spec.json.partial-1");
        Files.writeString(otherInstance, "not ours to judge");
        Path notAPartial = root.resolve("vm/20260102T000000Z-f002/.keep");
        Files.writeString(notAPartial, "");
        LocalDirTarget target = new LocalDirTarget(root);
        try (FileChannel ch = FileChannel.open(live, StandardOpenOption.WRITE); FileLock writing = ch.lock()) {
            assertThat(target.removeAbandonedUploads("vm/")).isEqualTo(1);
        }
        assertThat(dead).doesNotExist();
        assertThat(dead.getParent()).doesNotExist();
        assertThat(live).exists();
        assertThat(otherInstance).exists();
        assertThat(notAPartial).exists();
        assertThat(target.removeAbandonedUploads("vm/")).isEqualTo(1);
        assertThat(live).doesNotExist();
        assertThat(target.removeAbandonedUploads("missing/")).isZero();
    }
}
