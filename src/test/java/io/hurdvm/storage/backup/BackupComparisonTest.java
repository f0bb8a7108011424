package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupComparisonTest {
    private static BackupManifest m(String id, String schedule) {
        return new BackupManifest(2, "vm", id, "full", Instant.EPOCH, null, 1, 1, "qcow2-zstd", "none", List.of(), "t", schedule);
    }

    @Test
    void saysWhatIsMissingWhere_andWhatDiffersUnderOneId() {
        BackupComparison c = BackupComparison.of("vm", "file:///a", List.of(m("20260101T000000Z-0001", null), m("20260102T000000Z-0001", null),
                m("20260103T000000Z-0001", "n")), "s3://b", List.of(m("20260102T000000Z-0001", null), m("20260103T000000Z-0001", "other"),
                m("20260104T000000Z-0001", null)));
        assertThat(c.missingOnOther()).containsExactly("20260101T000000Z-0001");
        assertThat(c.missingOnTarget()).containsExactly("20260104T000000Z-0001");
        assertThat(c.differing()).containsExactly("20260103T000000Z-0001");
        assertThat(c.backups()).extracting(r -> r.item().id()).containsExactly("20260101T000000Z-0001", "20260102T000000Z-0001",
                "20260103T000000Z-0001", "20260104T000000Z-0001");
        assertThat(c.same()).isFalse();
        assertThat(BackupComparison.of("vm", "a", List.of(m("20260101T000000Z-0001", null)), "b", List.of(m("20260101T000000Z-0001", null)))
                .same()).isTrue();
    }
}
