package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupIdTest {
    @Test
    void ids_ofBackupsWithinOneSecond_sortByTheirStartTime() {
        Instant second = Instant.parse("2025-01-31T14:25:01Z");
        BackupId early = BackupId.at(second.plusMillis(9));
        BackupId middle = BackupId.at(second.plusMillis(250));
        BackupId late = BackupId.at(second.plusMillis(999));

        assertThat(early.value()).startsWith("20250131T142501Z-009");
        assertThat(early).isLessThan(middle);
        assertThat(middle).isLessThan(late);
        assertThat(late).isLessThan(BackupId.at(second.plusSeconds(1)));
    }

    @Test
    void malformedIds_areRefused_namingTheExpectedForm() {
        assertThatThrownBy(() -> new BackupId("../../etc")).hasMessageContaining("expected e.g. 20250131T142501Z-3fa9");
    }
}
