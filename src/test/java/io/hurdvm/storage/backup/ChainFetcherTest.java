package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.storage.target.LocalDirTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching a backup's files from a real directory target: what is written locally is bounded by the manifest. */
class ChainFetcherTest {
    private static final String ID = "20260101T000000Z-f001";
    @TempDir Path dir;

    private BackupManifest store(byte[] stored, long statedSize, String statedSha) throws Exception {
        Path d = Files.createDirectories(dir.resolve("t/vm").resolve(ID));
        Files.write(d.resolve("spec.json"), stored);
        return new BackupManifest(2, "vm", ID, "full", Instant.EPOCH, null, 1, 1, "qcow2-zstd", "none",
                List.of(new BackupManifest.FileEntry("spec.json", statedSize, statedSha)), "t");
    }

    private long fetch(BackupManifest m) throws Exception {
        Path into = Files.createDirectories(dir.resolve("into"));
        return new ChainFetcher(new LocalDirTarget(dir.resolve("t")), "vm", Optional.empty(), BackupProgress.SILENT).fetch(m, into);
    }

    @Test
    void aFileLongerThanItsManifestSays_isRefusedAfterOneByteMore() throws Exception {
        BackupManifest m = store(new byte[5 << 20], 10, "0".repeat(64));
        assertThatThrownBy(() -> fetch(m)).isInstanceOf(BackupException.class).hasMessageContaining("larger than the 10 bytes");
        assertThat(Files.size(dir.resolve("into/spec.json"))).isEqualTo(11);
    }

    @Test
    void aSoundFile_isFetchedOwnerOnly_andADamagedOneRefused() throws Exception {
        byte[] data = "{}".getBytes();
        Path tmp = Files.write(dir.resolve("x"), data);
        BackupManifest sound = store(data, 2, StagingDir.sha256(tmp));
        assertThat(fetch(sound)).isEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("into/spec.json")))).isEqualTo("rw-------");
        BackupManifest damaged = store("{]".getBytes(), 2, StagingDir.sha256(tmp));
        assertThatThrownBy(() -> fetch(damaged)).hasMessageContaining("is damaged: spec.json has 2 bytes with sha256");
    }
}
