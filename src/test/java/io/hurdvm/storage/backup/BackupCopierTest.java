package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.instance.JsonFiles;
import io.hurdvm.progress.Progress;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.storage.target.LocalDirTarget;
import io.hurdvm.storage.target.StoredObject;
import io.hurdvm.storage.target.TransferListener;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BackupCopier} between two real directory targets with hand-made backups (real files, real
 * hashes, real AES-GCM and manifest macs). Faults at the destination (an upload cut off, a store that
 * keeps other bytes than it was sent) are injected by a wrapper around the directory target; the
 * copies between S3 servers are {@code BackupCopyAndDrillIT}'s.
 */
class BackupCopierTest {
    private static final String F1 = "20260101T000000Z-f001";
    private static final String I1 = "20260102T000000Z-a001";
    private static final String I2 = "20260103T000000Z-a002";
    private static final String PLANTED = "20991231T235959Z-0001";
    @TempDir Path dir;
    private final BackupKey key = BackupKey.ofBytes(random(32, 1));

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path root(String name) throws Exception {
        return Files.createDirectories(dir.resolve(name));
    }

    private LocalDirTarget source() throws Exception {
        return new LocalDirTarget(root("a"));
    }

    private LocalDirTarget destination() throws Exception {
        return new LocalDirTarget(root("b"));
    }

    /** Stores a backup of "vm" in {@code root}: encrypted and sealed with {@code with}, or plain when it is null. */
    private BackupManifest store(Path root, String id, String parent, BackupKey with) throws Exception {
        Path d = Files.createDirectories(root.resolve("vm").resolve(id));
        Path plainDisk = Files.write(dir.resolve("disk-" + id), random(2 * GcmChunkedFile.CHUNK + 77, id.hashCode()));
        Path plainSpec = Files.writeString(dir.resolve("spec-" + id), "{\"memory\": 512}");
        List<BackupManifest.FileEntry> files = new ArrayList<>();
        for (Path plain : List.of(plainDisk, plainSpec)) {
            String name = (plain == plainDisk ? BackupManifest.DISK_FILE : BackupManifest.SPEC_FILE) + (with == null ? "" : GcmChunkedFile.SUFFIX);
            if (with == null) {
                Files.copy(plain, d.resolve(name));
            } else {
                GcmChunkedFile.encrypt(plain, d.resolve(name), with);
            }
            files.add(new BackupManifest.FileEntry(name, Files.size(d.resolve(name)), StagingDir.sha256(d.resolve(name))));
        }
        BackupManifest m = new BackupManifest(2, "vm", id, parent == null ? "full" : "incremental",
                Instant.parse(id.substring(0, 4) + "-" + id.substring(4, 6) + "-" + id.substring(6, 8) + "T00:00:00Z"), parent, 3L << 20, 3L << 20,
                "qcow2-zstd", with == null ? "none" : GcmChunkedFile.ALGORITHM + ":" + with.fingerprint(), files, "test", "nightly");
        BackupManifest written = with == null ? m : ManifestMac.seal(m, with);
        Files.write(d.resolve("manifest.json"), JsonFiles.MAPPER.writeValueAsBytes(written));
        return written;
    }

    private void chain(BackupKey with) throws Exception {
        store(root("a"), F1, null, with);
        store(root("a"), I1, F1, with);
        store(root("a"), I2, I1, with);
    }

    private CopyResult copy(BackupTarget from, BackupTarget to, List<String> wanted, Optional<BackupKey> k) {
        return copy(from, to, wanted, k, false);
    }

    private CopyResult copy(BackupTarget from, BackupTarget to, List<String> wanted, Optional<BackupKey> k, boolean allowUnencrypted) {
        return new BackupCopier(dir.resolve("home/vm"), dir.resolve("home/vm/copy-staging"))
                .copy(from, to, new CopyRequest("vm", wanted, k, allowUnencrypted, 0), Progress.SILENT);
    }

    private static List<String> listed(BackupTarget t) {
        return new BackupCatalog(t, "vm").backups().stream().map(BackupManifest::id).toList();
    }

    @Test
    void theLatestWithItsChain_isCopiedParentsFirst_manifestLast_identical_andASecondCopySendsNothing() throws Exception {
        chain(key);
        Recording to = new Recording(destination());
        CopyResult first = copy(source(), to, List.of("latest"), Optional.of(key));

        assertThat(first.copied()).containsExactly(F1, I1, I2);
        assertThat(first.authenticated()).isTrue();
        assertThat(first.filesSent()).isEqualTo(6);
        assertThat(listed(destination())).containsExactly(F1, I1, I2);
        assertThat(new BackupCatalog(destination(), "vm").backups()).isEqualTo(new BackupCatalog(source(), "vm").backups());
        for (String id : List.of(F1, I1, I2)) {
            for (String f : List.of("disk.qcow2.hvenc", "spec.json.hvenc")) {
                assertThat(Files.readAllBytes(dir.resolve("b/vm").resolve(id).resolve(f)))
                        .isEqualTo(Files.readAllBytes(dir.resolve("a/vm").resolve(id).resolve(f)));
            }
        }
        // Each backup's manifest after its own files and after its parent's manifest.
        assertThat(to.puts).containsExactly(
                "vm/" + F1 + "/disk.qcow2.hvenc", "vm/" + F1 + "/spec.json.hvenc", "vm/" + F1 + "/manifest.json",
                "vm/" + I1 + "/disk.qcow2.hvenc", "vm/" + I1 + "/spec.json.hvenc", "vm/" + I1 + "/manifest.json",
                "vm/" + I2 + "/disk.qcow2.hvenc", "vm/" + I2 + "/spec.json.hvenc", "vm/" + I2 + "/manifest.json");
        assertThat(new BackupVerifier(destination(), "vm").verify(Optional.empty(), Optional.of(key), false, Progress.SILENT))
                .allMatch(BackupVerifier.Report::ok).hasSize(3);

        Recording again = new Recording(destination());
        CopyResult second = copy(source(), again, List.of(), Optional.of(key));
        assertThat(second.copied()).isEmpty();
        assertThat(second.alreadyThere()).containsExactly(F1, I1, I2);
        assertThat(second.filesSent()).isZero();
        assertThat(again.puts).isEmpty();
        assertThat(Files.exists(dir.resolve("home/vm/copy-staging"))).isFalse();
    }

    @Test
    void anInterruptedCopy_resumesAtTheFileItWasIn_keepingWhatArrivedWhole() throws Exception {
        chain(key);
        Recording cut = new Recording(destination());
        cut.failPut = k -> k.endsWith(I1 + "/spec.json.hvenc");
        assertThatThrownBy(() -> copy(source(), cut, List.of(), Optional.of(key))).hasMessageContaining("cut off");
        assertThat(listed(destination())).containsExactly(F1);
        assertThat(dir.resolve("b/vm").resolve(I1).resolve("disk.qcow2.hvenc")).exists();

        Recording resumed = new Recording(destination());
        CopyResult r = copy(source(), resumed, List.of(), Optional.of(key));
        assertThat(r.alreadyThere()).containsExactly(F1);
        assertThat(r.copied()).containsExactly(I1, I2);
        assertThat(r.filesReused()).isEqualTo(1);
        assertThat(resumed.puts).doesNotContain("vm/" + I1 + "/disk.qcow2.hvenc").contains("vm/" + I1 + "/spec.json.hvenc");
        assertThat(listed(destination())).containsExactly(F1, I1, I2);
    }

    @Test
    void aFileLeftAtTheDestinationWithOtherBytesOfTheSameSize_isSentAgain() throws Exception {
        chain(null);
        Path left = Files.createDirectories(dir.resolve("b/vm").resolve(F1)).resolve("disk.qcow2");
        Files.write(left, new byte[(int) Files.size(dir.resolve("a/vm").resolve(F1).resolve("disk.qcow2"))]);
        CopyResult r = copy(source(), destination(), List.of(F1), Optional.empty());
        assertThat(r.filesReused()).isZero();
        assertThat(r.filesSent()).isEqualTo(2);
        assertThat(Files.readAllBytes(left)).isEqualTo(Files.readAllBytes(dir.resolve("a/vm").resolve(F1).resolve("disk.qcow2")));
        assertThat(r.authenticated()).isFalse();
    }

    @Test
    void aDamagedSourceFile_isRefused_andNeitherItNorItsChildrenAreListedAtTheDestination() throws Exception {
        chain(null);
        flipByte(dir.resolve("a/vm").resolve(I1).resolve("disk.qcow2"), 1000);
        assertThatThrownBy(() -> copy(source(), destination(), List.of(I2), Optional.empty()))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("backup " + I1 + " on " + source().uri() + " is damaged: disk.qcow2 has");
        assertThat(listed(destination())).containsExactly(F1);
    }

    @Test
    void aDestinationThatStoresOtherBytesThanItWasSent_isCaughtOnReadBack_andTheFileRemoved() throws Exception {
        chain(null);
        Recording lying = new Recording(destination());
        lying.corruptPut = k -> k.endsWith(F1 + "/spec.json");
        assertThatThrownBy(() -> copy(source(), lying, List.of(F1), Optional.empty()))
                .hasMessageContaining("holds other bytes of spec.json than were sent");
        assertThat(listed(destination())).isEmpty();
        assertThat(dir.resolve("b/vm").resolve(F1).resolve("spec.json")).doesNotExist();
    }

    /** The planted downgrade of issue 12, in the source: a copy must not launder it into the second place. */
    @Test
    void withAKey_aPlantedUnencryptedBackup_aForgedMac_orAnotherKeysBackup_isNeverCopied() throws Exception {
        chain(key);
        store(root("a"), PLANTED, null, null);
        assertThatThrownBy(() -> copy(source(), destination(), List.of(), Optional.of(key)))
                .hasMessage("not copied: backup " + PLANTED + " claims to be unencrypted, but a key was given: refused, as anyone who can"
                        + " write to the target could have planted it");
        assertThat(listed(destination())).as("decided before anything moves").isEmpty();
        assertThat(copy(source(), destination(), List.of(I2), Optional.of(key)).copied()).as("the genuine chain still copies")
                .containsExactly(F1, I1, I2);

        Path forged = dir.resolve("a/vm").resolve(I2).resolve("manifest.json");
        Files.writeString(forged, Files.readString(forged).replace("\"nightly\"", "\"weekly\""));
        assertThatThrownBy(() -> copy(source(), new LocalDirTarget(root("c")), List.of(I2), Optional.of(key)))
                .hasMessageContaining("its manifest does not authenticate with this key");

        BackupKey other = BackupKey.ofBytes(random(32, 9));
        store(root("d"), F1, null, other);
        assertThatThrownBy(() -> copy(new LocalDirTarget(root("d")), new LocalDirTarget(root("e")), List.of(), Optional.of(key)))
                .hasMessageContaining("is encrypted with another key");
        assertThat(listed(new LocalDirTarget(root("c")))).isEmpty();
    }

    @Test
    void withoutAKey_anUnencryptedBackupNextToEncryptedOnes_isRefusedUnlessAllowed_onEitherSide() throws Exception {
        store(root("a"), F1, null, key);
        store(root("a"), PLANTED, null, null);
        assertThatThrownBy(() -> copy(source(), destination(), List.of(PLANTED), Optional.empty()))
                .hasMessageContaining("claims to be unencrypted, but the target holds encrypted backups of vm");
        // The destination's encrypted backups count too: a copy must not plant there what restore there would refuse.
        store(root("c"), I1, null, null);
        store(root("f"), I2, null, key);
        assertThatThrownBy(() -> copy(new LocalDirTarget(root("c")), new LocalDirTarget(root("f")), List.of(), Optional.empty()))
                .hasMessageContaining("claims to be unencrypted, but the target holds encrypted backups of vm");
        assertThat(copy(source(), destination(), List.of(PLANTED), Optional.empty(), true).copied()).containsExactly(PLANTED);
    }

    /** Only the key can tell data the manifest's writer altered: its tags are checked before anything is sent. */
    @Test
    void withTheKey_anAlteredEncryptedFileWhoseHashMatches_isNotSent() throws Exception {
        BackupManifest sound = store(root("a"), F1, null, key);
        Path disk = dir.resolve("a/vm").resolve(F1).resolve("disk.qcow2.hvenc");
        flipByte(disk, GcmChunkedFile.CHUNK + 100);
        List<BackupManifest.FileEntry> files = List.of(new BackupManifest.FileEntry("disk.qcow2.hvenc", Files.size(disk), StagingDir.sha256(disk)),
                sound.file(BackupManifest.SPEC_FILE));
        BackupManifest resealed = ManifestMac.seal(new BackupManifest(2, "vm", F1, "full", sound.time(), null, sound.virtualSize(),
                sound.dataBytes(), sound.compression(), sound.encryption(), files, "test", "nightly"), key);
        Files.write(dir.resolve("a/vm").resolve(F1).resolve("manifest.json"), JsonFiles.MAPPER.writeValueAsBytes(resealed));

        assertThatThrownBy(() -> copy(source(), destination(), List.of(), Optional.of(key)))
                .hasMessageContaining("not copied: backup " + F1 + ": disk.qcow2.hvenc failed authentication");
        assertThat(listed(destination())).isEmpty();
    }

    @Test
    void aBackupUnderTheSameIdWithAnotherManifestAtTheDestination_isNotOverwritten() throws Exception {
        store(root("a"), F1, null, null);
        store(root("b"), F1, null, key);
        assertThatThrownBy(() -> copy(source(), destination(), List.of(), Optional.empty(), true))
                .hasMessageContaining("backup " + F1 + " is on " + destination().uri() + " already, with a different manifest: not overwritten");
    }

    @Test
    void aBrokenChain_andAnUnknownId_areRefused_andATargetCopiedOntoItselfSendsNothing() throws Exception {
        store(root("a"), I1, F1, null);
        assertThatThrownBy(() -> copy(source(), destination(), List.of(I1), Optional.empty())).hasMessageContaining("the chain is broken");
        assertThatThrownBy(() -> copy(source(), destination(), List.of(I2), Optional.empty())).isInstanceOf(BackupNotFoundException.class);
        store(root("a"), F1, null, null);
        CopyResult onto = copy(source(), source(), List.of(), Optional.empty());
        assertThat(onto.alreadyThere()).containsExactly(F1, I1);
        assertThat(onto.filesSent()).isZero();
    }

    private static void flipByte(Path file, long at) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5a);
        }
    }

    /** A directory target that records what is put, and can cut an upload off or keep other bytes than it got. */
    private final class Recording implements BackupTarget {
        private final LocalDirTarget inner;
        final List<String> puts = new ArrayList<>();
        Predicate<String> failPut = k -> false;
        Predicate<String> corruptPut = k -> false;

        Recording(LocalDirTarget inner) {
            this.inner = inner;
        }

        @Override
        public String uri() {
            return inner.uri();
        }

        @Override
        public void put(String key, Path source, TransferListener listener) {
            if (failPut.test(key)) {
                throw new IllegalStateException("upload of " + key + " cut off");
            }
            puts.add(key);
            if (corruptPut.test(key)) {
                try {
                    Path other = Files.write(dir.resolve("other"), Files.readAllBytes(source));
                    flipByte(other, 0);
                    inner.put(key, other, listener);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            } else {
                inner.put(key, source, listener);
            }
        }

        @Override
        public void get(String key, Path destination, TransferListener listener) {
            inner.get(key, destination, listener);
        }

        @Override
        public InputStream open(String key) {
            return inner.open(key);
        }

        @Override
        public List<StoredObject> list(String prefix) {
            return inner.list(prefix);
        }

        @Override
        public void delete(String key) {
            inner.delete(key);
        }

        @Override
        public int removeAbandonedUploads(String prefix) {
            return inner.removeAbandonedUploads(prefix);
        }
    }
}
