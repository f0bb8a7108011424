package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.progress.Progress;
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
        return new ChainFetcher(new LocalDirTarget(dir.resolve("t")), Optional.empty(), Progress.SILENT).fetch(m, into);
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

    /** Encrypted files are fetched and decrypted in one pass; the manifest still decides. */
    @Test
    void anEncryptedFile_isDecryptedWhileFetched_andADamagedOneLeavesNothingBehind() throws Exception {
        BackupKey key = BackupKey.ofBytes(new byte[32]);
        byte[] plain = new byte[2 * GcmChunkedFile.CHUNK + 5];
        new java.util.Random(1).nextBytes(plain);
        Path src = Files.write(dir.resolve("plain"), plain);
        Path d = Files.createDirectories(dir.resolve("t/vm").resolve(ID));
        Path sealed = d.resolve("disk.qcow2" + GcmChunkedFile.SUFFIX);
        String sha = GcmChunkedFile.encryptAndHash(src, sealed, key);
        BackupManifest m = new BackupManifest(2, "vm", ID, "full", Instant.EPOCH, null, 1, 1, "qcow2-zstd",
                GcmChunkedFile.ALGORITHM + ":" + key.fingerprint(),
                List.of(new BackupManifest.FileEntry(sealed.getFileName().toString(), Files.size(sealed), sha)), "t");
        Path into = Files.createDirectories(dir.resolve("into"));
        ChainFetcher fetcher = new ChainFetcher(new LocalDirTarget(dir.resolve("t")), Optional.of(key), Progress.SILENT);

        assertThat(fetcher.fetch(m, into)).isEqualTo(Files.size(sealed));
        assertThat(Files.readAllBytes(into.resolve("disk.qcow2"))).isEqualTo(plain);
        assertThat(into.resolve(sealed.getFileName().toString())).doesNotExist();

        byte[] damaged = Files.readAllBytes(sealed);
        damaged[damaged.length / 2] ^= 1;
        Files.write(sealed, damaged);
        Files.delete(into.resolve("disk.qcow2"));
        assertThatThrownBy(() -> fetcher.fetch(m, into)).hasMessageContaining("is damaged: disk.qcow2.hvenc has");
        assertThat(into.resolve("disk.qcow2")).doesNotExist();

        Files.write(sealed, java.util.Arrays.copyOf(damaged, damaged.length + (5 << 20))); // longer, and endless for all we know
        assertThatThrownBy(() -> fetcher.fetch(m, into)).hasMessageContaining("is larger than the");
        assertThat(into.resolve("disk.qcow2")).doesNotExist();
    }
}
