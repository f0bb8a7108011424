package io.hurdvm.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupStatusTest {
    @TempDir Path dir;

    @Test
    void writeThenRead_givesTheSameStatus() {
        BackupStatus s = new BackupStatus(1_700_000_000L, 95.5, 2_900_000_000L, 3, 93_600L);

        BackupStatus.write(dir, s);

        assertThat(BackupStatus.read(dir)).contains(s);
    }

    @Test
    void write_withoutASchedule_leavesMaxAgeOutOfTheFile() throws Exception {
        BackupStatus.write(dir, BackupStatus.never(null));

        String json = Files.readString(dir.resolve("backup-status.json"));
        assertThat(json).contains("\"lastSuccessEpochSeconds\" : 0").doesNotContain("maxAgeSeconds");
        assertThat(BackupStatus.read(dir).orElseThrow().maxAgeSeconds()).isNull();
    }

    @Test
    void read_withoutAFile_isEmpty() {
        assertThat(BackupStatus.read(dir)).isEmpty();
    }

    @Test
    void read_ofANegativeCounter_failsNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("backup-status.json"), "{\"failuresTotal\": -1}");

        assertThatThrownBy(() -> BackupStatus.read(dir))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("backup-status.json")
                .hasMessageContaining("must not be negative");
    }

    @Test
    void constructor_rejectsANonPositiveMaxAge() {
        assertThatThrownBy(() -> BackupStatus.never(0L)).hasMessageContaining("maxAgeSeconds must be positive");
    }
}
