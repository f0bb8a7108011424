package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.JsonFiles;
import io.hurdvm.progress.Progress;
import io.hurdvm.storage.target.LocalDirTarget;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify against hand-made backups in a real directory target: what it checks with and without the key. */
class BackupVerifierTest {
    private static final String FULL = "20260101T000000Z-f001";
    private static final String INC = "20260102T000000Z-a001";
    @TempDir Path dir;
    private final BackupKey key = BackupKey.ofBytes(random(32, 1));
    private final BackupKey otherKey = BackupKey.ofBytes(random(32, 2));

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Stores an encrypted backup with a sealed manifest; {@code tamper} may alter the stored disk before the manifest is made. */
    private BackupManifest storeEncrypted(String id, String parent, BackupKey with, FileTamper tamper) throws Exception {
        Path d = Files.createDirectories(dir.resolve("t/vm").resolve(id));
        Path plain = Files.write(dir.resolve("plain-" + id), random(3 * GcmChunkedFile.CHUNK, id.hashCode()));
        GcmChunkedFile.encrypt(plain, d.resolve("disk.qcow2.hvenc"), with);
        tamper.apply(d.resolve("disk.qcow2.hvenc"));
        Files.write(dir.resolve("spec-" + id), "{}".getBytes());
        GcmChunkedFile.encrypt(dir.resolve("spec-" + id), d.resolve("spec.json.hvenc"), with);
        BackupManifest m = new BackupManifest(2, "vm", id, parent == null ? "full" : "incremental", Instant.parse("2026-01-01T00:00:00Z"),
                parent, 3L << 20, 3L << 20, "qcow2-zstd", GcmChunkedFile.ALGORITHM + ":" + with.fingerprint(),
                List.of(entry(d, "disk.qcow2.hvenc"), entry(d, "spec.json.hvenc")), "test");
        BackupManifest sealed = ManifestMac.seal(m, with);
        Files.write(d.resolve("manifest.json"), JsonFiles.MAPPER.writeValueAsBytes(sealed));
        return sealed;
    }

    private static BackupManifest.FileEntry entry(Path d, String name) throws Exception {
        return new BackupManifest.FileEntry(name, Files.size(d.resolve(name)), StagingDir.sha256(d.resolve(name)));
    }

    private interface FileTamper {
        void apply(Path file) throws Exception;
    }

    private List<BackupVerifier.Report> verify(Optional<String> only, Optional<BackupKey> k) {
        return new BackupVerifier(new LocalDirTarget(dir.resolve("t")), "vm").verify(only, k, false, Progress.SILENT);
    }

    /** Fails on the verify before authenticated manifests: it compared hashes only, which the writer of the manifest chose. */
    @Test
    void withTheKey_everyEncryptionTagIsChecked_evenWhenTheManifestMatchesTheData() throws Exception {
        storeEncrypted(FULL, null, key, f -> {
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.seek(GcmChunkedFile.HEADER + (GcmChunkedFile.NONCE + 4 + GcmChunkedFile.CHUNK + GcmChunkedFile.TAG) + 100L);
                raf.write(0x5a); // inside chunk 1's ciphertext
            }
        });
        assertThat(verify(Optional.empty(), Optional.of(key))).singleElement().satisfies(r ->
                assertThat(r.problems()).singleElement().asString().contains("disk.qcow2.hvenc failed authentication at chunk 1"));
        // Without the key only hashes can be compared: they match what the manifest says, so this passes (an accident check only).
        assertThat(verify(Optional.empty(), Optional.empty())).singleElement().extracting(BackupVerifier.Report::ok).isEqualTo(true);
    }

    @Test
    void withTheKey_soundBackupsPass_andLatestChecksOnlyTheNewest() throws Exception {
        storeEncrypted(FULL, null, key, f -> { });
        storeEncrypted(INC, FULL, key, f -> { });
        assertThat(verify(Optional.empty(), Optional.of(key))).extracting(BackupVerifier.Report::ok).containsExactly(true, true);
        List<BackupVerifier.Report> latest = verify(Optional.of("latest"), Optional.of(key));
        assertThat(latest).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(INC);
            assertThat(r.ok()).isTrue();
            assertThat(r.bytesRead()).isGreaterThan(3L << 20);
        });
    }

    @Test
    void withAnotherKey_orAForgedManifest_orAnUntrustedParent_verifyFails() throws Exception {
        storeEncrypted(FULL, null, otherKey, f -> { });
        storeEncrypted(INC, FULL, key, f -> { });
        List<BackupVerifier.Report> reports = verify(Optional.empty(), Optional.of(key));
        assertThat(reports.get(0).problems()).singleElement().asString().contains("encrypted with another key");
        assertThat(reports.get(1).problems()).singleElement().asString().startsWith("parent " + FULL + " cannot be used");

        Path manifest = dir.resolve("t/vm").resolve(INC).resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"dataBytes\" : 3145728", "\"dataBytes\" : 1"));
        assertThat(verify(Optional.of(INC), Optional.of(key)).getFirst().problems()).singleElement().asString()
                .contains("does not authenticate with this key");
    }
}
