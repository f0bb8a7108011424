package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainDecisionTest {
    private static final String T = "file:///b/";
    private static final BackupManifest LAST = new BackupManifest(1, "vm", "20250101T000000Z-aaaa", "full", Instant.EPOCH, null,
            1, 1, "qcow2-zstd", "none", List.of(), "t");
    private static final ChainState OK = new ChainState(T, LAST.id(), 0, false);

    private static ChainDecision decide(boolean force, boolean online, boolean bitmap, ChainState s, List<BackupManifest> b, int max) {
        return ChainDecision.decide(force, online, bitmap, s, T, b, max);
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
}
