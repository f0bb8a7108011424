package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainDecisionTest {
    private static final String T = "file:///b/";
    private static final String SHA = "0".repeat(64);
    private static final BackupManifest LAST = new BackupManifest(3, "vm", "20250101T000000Z-aaaa", "full", Instant.EPOCH, null,
            1, 1, "hvds-zstd", "none", List.of(new BackupManifest.FileEntry("disk.hvds", 1, SHA)), "t");
    private static final ChainState OK = new ChainState(T, LAST.id(), 0, false);

    private static ChainDecision decide(boolean force, boolean online, boolean bitmap, ChainState s, List<BackupManifest> b, int max) {
        return ChainDecision.decide(force, online, bitmap, s, T, b, max, BackupTrust.of(Optional.empty(), b, true));
    }

    @Test
    void incremental_onlyWhenEverythingAgrees() {
        assertThat(decide(false, true, true, OK, List.of(LAST), 7).parent()).contains(LAST);
        assertThat(decide(true, true, true, OK, List.of(LAST), 7).reason()).contains("requested");
        assertThat(decide(false, false, true, OK, List.of(LAST), 7).reason()).contains("offline");
        assertThat(decide(false, true, true, new ChainState(T, LAST.id(), 0, true), List.of(LAST), 7).reason()).contains("did not finish");
        assertThat(decide(false, true, true, new ChainState("s3://x", LAST.id(), 0, false), List.of(LAST), 7).reason()).contains("s3://x");
        assertThat(decide(false, true, true, OK, List.of(), 7).reason()).contains("not the newest");
        assertThat(decide(false, true, true, new ChainState(T, LAST.id(), 7, false), List.of(LAST), 7).reason()).contains("7 incrementals");
        assertThat(decide(false, true, false, OK, List.of(LAST), 7).reason()).contains("dirty bitmap");
        assertThat(decide(false, true, true, null, List.of(LAST), 7).incremental()).isFalse();
    }

    @Test
    void theFirstBackupAfterQcow2FormatBackupsIsFull() {
        BackupManifest qcow2 = new BackupManifest(2, "vm", LAST.id(), "full", Instant.EPOCH, null, 1, 1, "qcow2-zstd", "none",
                List.of(new BackupManifest.FileEntry("disk.qcow2", 1, SHA)), "t");
        assertThat(decide(false, true, true, OK, List.of(qcow2), 7).reason()).contains("older qcow2 format");
    }

    @Test
    void withAKey_anUnencryptedOrUnauthenticatedNewestBackup_isNoParent() {
        BackupKey key = BackupKey.ofBytes(new byte[32]);
        assertThat(ChainDecision.decide(false, true, true, OK, T, List.of(LAST), 7, BackupTrust.of(Optional.of(key), List.of(LAST), false))
                .reason()).contains("not encrypted");
        BackupManifest encrypted = new BackupManifest(3, "vm", LAST.id(), "full", Instant.EPOCH, null, 1, 1, "hvds-zstd",
                GcmChunkedFile.ALGORITHM + ":" + key.fingerprint(), List.of(new BackupManifest.FileEntry("disk.hvds.hvenc", 1, SHA)), "t");
        BackupTrust trust = BackupTrust.of(Optional.of(key), List.of(encrypted), false);
        assertThat(ChainDecision.decide(false, true, true, OK, T, List.of(encrypted), 7, trust).reason()).contains("no authenticated manifest");
        BackupManifest sealed = ManifestMac.seal(encrypted, key);
        assertThat(ChainDecision.decide(false, true, true, OK, T, List.of(sealed), 7, trust).parent()).contains(sealed);
    }
}
