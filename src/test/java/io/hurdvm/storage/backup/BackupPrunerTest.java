package io.hurdvm.storage.backup;

import static io.hurdvm.storage.backup.StoredBackups.F1;
import static io.hurdvm.storage.backup.StoredBackups.F2;
import static io.hurdvm.storage.backup.StoredBackups.I1;
import static io.hurdvm.storage.backup.StoredBackups.I2;
import static io.hurdvm.storage.backup.StoredBackups.I3;
import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupPrunerTest {

    @TempDir Path dir;
    private StoredBackups backups;
    private BackupPruner pruner;

    @BeforeEach
    void twoChains() throws Exception {
        backups = new StoredBackups(dir.resolve("target")).add(F1, null, null).add(I1, F1, null).add(I2, I1, null)
                .add(F2, null, null).add(I3, F2, null);
        pruner = new BackupPruner(StoredBackups.instance(dir.resolve("home")));
    }

    @Test
    void pruneKeeping_keepsTheParentsOfKeptBackups_andDeletesTheRestNewestFirst() {
        BackupPruner.Result r = pruner.pruneKeeping(backups.target(), all -> Set.of(I3));
        assertThat(r.deleted()).containsExactly(I2, I1, F1);
        assertThat(backups.ids()).containsExactly(F2, I3);
    }

    @Test
    void pruneKeeping_aKeptIncrementalKeepsItsWholeChain() {
        BackupPruner.Result r = pruner.pruneKeeping(backups.target(), all -> Set.of(I2));
        assertThat(r.deleted()).containsExactly(I3, F2);
        assertThat(backups.ids()).containsExactly(F1, I1, I2);
    }

    @Test
    void pruneKeeping_choosesFromAllCompleteBackupsOldestFirst_andRemovesLeftovers() throws Exception {
        Files.createDirectories(dir.resolve("target/vm/20260106T000000Z-dead")).resolve("disk.qcow2").toFile().createNewFile();
        List<List<String>> seen = new ArrayList<>();
        BackupPruner.Result r = pruner.pruneKeeping(backups.target(), all -> {
            seen.add(all.stream().map(BackupManifest::id).toList());
            return Set.of(F1, I3);
        });
        assertThat(seen).containsExactly(List.of(F1, I1, I2, F2, I3));
        assertThat(r.deleted()).containsExactly(I2, I1);
        assertThat(r.leftovers()).isEqualTo(1);
        assertThat(dir.resolve("target/vm/20260106T000000Z-dead")).doesNotExist();
    }

    @Test
    void pruneKeeping_survivesALoopingChainInCorruptManifests() throws Exception {
        StoredBackups looped = new StoredBackups(dir.resolve("loop")).add(I1, I2, null).add(I2, I1, null).add(F2, null, null);
        assertThat(pruner.pruneKeeping(looped.target(), all -> Set.of(I2)).deleted()).containsExactly(F2);
        assertThat(looped.ids()).containsExactly(I1, I2);
    }

    @Test
    void prune_byChains_deletesTheOlderChainNewestLinkFirst() {
        assertThat(pruner.prune(backups.target(), 1).deleted()).containsExactly(I2, I1, F1);
        assertThat(backups.ids()).containsExactly(F2, I3);
    }

    @Test
    void manifestWithoutScheduleField_parses_asAManualBackup() throws Exception {
        String old = """
                {"formatVersion":1,"instance":"vm","id":"20260101T000000Z-f001","kind":"full","time":"2026-01-01T00:00:00Z",
                 "virtualSize":100,"dataBytes":10,"compression":"qcow2-zstd","encryption":"none",
                 "files":[{"name":"disk.qcow2","size":10,"sha256":"%s"}],"hurdvmVersion":"0.1"}
                """.formatted("0".repeat(64));
        BackupManifest m = JsonFiles.MAPPER.readValue(old, BackupManifest.class);
        assertThat(m.schedule()).isNull();
        assertThat(JsonFiles.MAPPER.writeValueAsString(m)).doesNotContain("schedule");
        BackupManifest scheduled = JsonFiles.MAPPER.readValue(old.replace("\"hurdvmVersion\"", "\"schedule\":\"nightly\",\"hurdvmVersion\""),
                BackupManifest.class);
        assertThat(scheduled.schedule()).isEqualTo("nightly");
    }
}
