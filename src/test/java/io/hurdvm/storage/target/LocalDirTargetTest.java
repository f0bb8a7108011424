package io.hurdvm.storage.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** A backup is encrypted straight into the target: while it is written it is only a hidden partial file. */
    @Test
    void write_streamsIntoAHiddenPartial_andRenamesItOwnerOnlyWhenComplete() throws Exception {
        Path root = tmp.resolve("backups");
        LocalDirTarget target = new LocalDirTarget(root);
        Files.createDirectories(root);
        Path dir = root.resolve("vm/20260101T000000Z-f001");
        long[] seen = new long[2];
        target.write("vm/20260101T000000Z-f001/disk.qcow2.hvenc", 5, out -> {
            out.write("he".getBytes());
            out.flush();
            assertThat(target.list("vm/")).isEmpty();
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).singleElement().asString().startsWith(".disk.qcow2.hvenc.partial-");
            }
            out.write("llo".getBytes());
        }, tmp.resolve("unused"), (key, done, total) -> { seen[0] = done; seen[1] = total; });
        Path stored = dir.resolve("disk.qcow2.hvenc");
        assertThat(Files.readString(stored)).isEqualTo("hello");
        assertThat(mode(stored)).isEqualTo("rw-------");
        assertThat(seen).containsExactly(5, 5);
        assertThat(tmp.resolve("unused")).doesNotExist();
    }

    /** A producer that fails (a wrong key, an unreadable staging file, a full disk) leaves nothing behind, partial file included. */
    @Test
    void write_thatFails_leavesNoObjectAndNoPartial() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("backups"));
        LocalDirTarget target = new LocalDirTarget(root);
        assertThatThrownBy(() -> target.write("vm/20260101T000000Z-f001/disk.qcow2", 10, out -> {
            out.write(new byte[4]);
            throw new java.io.IOException("staging file vanished");
        }, tmp.resolve("unused"), TransferListener.NONE)).hasMessageContaining("staging file vanished");
        try (var all = Files.walk(root)) {
            assertThat(all.filter(Files::isRegularFile).toList()).isEmpty();
        }
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
