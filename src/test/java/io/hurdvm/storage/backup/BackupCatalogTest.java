package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.instance.JsonFiles;
import io.hurdvm.storage.target.LocalDirTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCatalogTest {
    @TempDir Path dir;
    private static final String SHA = "0".repeat(64);

    private void store(String id, String parent, boolean withManifest) throws Exception {
        Path d = Files.createDirectories(dir.resolve("vm").resolve(id));
        Files.write(d.resolve("disk.qcow2"), new byte[10]);
        if (withManifest) {
            BackupManifest m = new BackupManifest(1, "vm", id, parent == null ? "full" : "incremental", Instant.parse("2025-01-01T00:00:00Z"),
                    parent, 100, 10, "qcow2-zstd", "none", List.of(new BackupManifest.FileEntry("disk.qcow2", 10, SHA)), "test");
            Files.write(d.resolve("manifest.json"), JsonFiles.MAPPER.writeValueAsBytes(m));
        }
    }

    @Test
    void onlyFoldersWithAManifestAreBackups_andLeftoversAreRemoved() throws Exception {
        store("20250101T000000Z-aaaa", null, true);
        store("20250101T010000Z-bbbb", "20250101T000000Z-aaaa", true);
        store("20250101T020000Z-cccc", null, false); // interrupted
        BackupCatalog c = new BackupCatalog(new LocalDirTarget(dir), "vm");
        assertThat(c.backups()).extracting(BackupManifest::id).containsExactly("20250101T000000Z-aaaa", "20250101T010000Z-bbbb");
        assertThat(c.removeLeftovers()).isEqualTo(1);
        assertThat(dir.resolve("vm/20250101T020000Z-cccc")).doesNotExist();
        assertThat(c.chain(new BackupId("20250101T010000Z-bbbb"))).extracting(BackupManifest::id)
                .containsExactly("20250101T000000Z-aaaa", "20250101T010000Z-bbbb");
    }

    @Test
    void missingParent_isReportedAsABrokenChain() throws Exception {
        store("20250101T010000Z-bbbb", "20250101T000000Z-aaaa", true);
        BackupCatalog c = new BackupCatalog(new LocalDirTarget(dir), "vm");
        assertThatThrownBy(() -> c.chain(new BackupId("20250101T010000Z-bbbb"))).hasMessageContaining("chain is broken");
        assertThatThrownBy(() -> c.chain(new BackupId("20250101T090000Z-ffff"))).hasMessageStartingWith("no backup ");
    }
}
