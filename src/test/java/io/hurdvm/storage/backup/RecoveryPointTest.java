package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.JsonFiles;
import io.hurdvm.progress.Progress;
import io.hurdvm.storage.target.LocalDirTarget;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recovery point on a real directory target: the newest backup that would restore, and why newer ones would not. */
class RecoveryPointTest {
    private static final String F1 = "20260101T000000Z-f001";
    private static final String I1 = "20260102T000000Z-a001";
    private static final String I2 = "20260103T000000Z-a002";
    @TempDir Path dir;
    private final BackupKey key = BackupKey.ofBytes(new byte[32]);

    private void store(String id, String parent, boolean encrypted) throws Exception {
        Path d = Files.createDirectories(dir.resolve("t/vm").resolve(id));
        byte[] data = new byte[4096];
        new Random(id.hashCode()).nextBytes(data);
        Path plain = Files.write(dir.resolve("plain-" + id), data);
        String name = encrypted ? "disk.qcow2.hvenc" : "disk.qcow2";
        if (encrypted) {
            GcmChunkedFile.encrypt(plain, d.resolve(name), key);
        } else {
            Files.copy(plain, d.resolve(name));
        }
        List<BackupManifest.FileEntry> files = new ArrayList<>(List.of(new BackupManifest.FileEntry(name, Files.size(d.resolve(name)),
                StagingDir.sha256(d.resolve(name)))));
        BackupManifest m = new BackupManifest(2, "vm", id, parent == null ? "full" : "incremental", Instant.parse(id.substring(0, 4) + "-"
                + id.substring(4, 6) + "-" + id.substring(6, 8) + "T00:00:00Z"), parent, 1, 1, "qcow2-zstd",
                encrypted ? GcmChunkedFile.ALGORITHM + ":" + key.fingerprint() : "none", files, "t");
        Files.write(d.resolve("manifest.json"), JsonFiles.MAPPER.writeValueAsBytes(encrypted ? ManifestMac.seal(m, key) : m));
    }

    private RecoveryPoint point(Optional<BackupKey> k, boolean readData) {
        return RecoveryPoint.of(new LocalDirTarget(dir.resolve("t")), "vm", k, readData, Progress.SILENT);
    }

    @Test
    void theNewestSoundBackup_isThePoint_andItsAgeTheDataAtRisk() throws Exception {
        store(F1, null, true);
        store(I1, F1, true);
        RecoveryPoint p = point(Optional.of(key), false);
        assertThat(p.newest()).map(BackupManifest::id).contains(I1);
        assertThat(p.authenticated()).isTrue();
        assertThat(p.age(Instant.parse("2026-01-02T03:00:00Z"))).contains(Duration.ofHours(3));
        assertThat(p.passedOver()).isEmpty();
    }

    @Test
    void aNewestBackupWithAMissingParentOrFile_orUntrusted_isPassedOverSayingWhy() throws Exception {
        store(F1, null, false);
        store(I2, I1, false); // its parent is missing
        RecoveryPoint p = point(Optional.empty(), false);
        assertThat(p.newest()).map(BackupManifest::id).contains(F1);
        assertThat(p.passedOver()).singleElement().asString().startsWith(I2 + ": ").contains("the chain is broken");

        store(I1, F1, false);
        Files.delete(dir.resolve("t/vm").resolve(I1).resolve("disk.qcow2"));
        assertThat(point(Optional.empty(), false).newest()).map(BackupManifest::id).contains(F1);
        assertThat(point(Optional.empty(), false).passedOver()).allMatch(s -> s.contains("backup " + I1 + " lacks disk.qcow2"));

        assertThat(point(Optional.of(key), false).newest()).as("with a key, unencrypted backups are no recovery point").isEmpty();
    }

    @Test
    void readingTheDataBack_findsADamagedFileThatSizesAloneMiss() throws Exception {
        store(F1, null, false);
        store(I1, F1, false);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("t/vm").resolve(F1).resolve("disk.qcow2").toFile(), "rw")) {
            f.seek(10);
            f.write(0xff ^ f.readByte());
        }
        assertThat(point(Optional.empty(), false).newest()).map(BackupManifest::id).contains(I1);
        RecoveryPoint read = point(Optional.empty(), true);
        assertThat(read.newest()).isEmpty();
        assertThat(read.dataRead()).isTrue();
        assertThat(read.passedOver()).hasSize(2).allMatch(s -> s.contains(F1 + ": disk.qcow2: sha256 mismatch"));
    }
}
