package io.hurdvm.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SnapshotNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"s1", "before-upgrade", "v2.0_rc1", "A", "0day",
            "sixty-four-characters-long-name-is-the-longest-allowed-one-xxxxx"})
    void acceptsPlainNames(String name) {
        assertThat(SnapshotName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest(name = "''{0}'' is rejected naming the rule: {1}")
    @CsvSource(delimiter = '|', value = {
            "''                    | a name is required",
            "../etc                | only letters, digits, '.', '_' and '-' are allowed",
            "a/b                   | no '/'",
            "with space            | only letters, digits",
            "tab\there             | only letters, digits",
            "snäp                  | only letters, digits",
            "-rf                   | must start with a letter or digit",
            ".hidden               | must start with a letter or digit",
            "_x                    | must start with a letter or digit",
            "12345                 | all-digit name would be taken for a snapshot ID",
    })
    void rejectsNamesNamingTheBrokenRule(String name, String rule) {
        assertThatThrownBy(() -> SnapshotName.of(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid snapshot name '")
                .hasMessageContaining(rule);
    }

    @Test
    void rejectsOverlongNamesSayingTheLimit() {
        assertThatThrownBy(() -> SnapshotName.of("x".repeat(65)))
                .hasMessageContaining("at most 64 characters are allowed (this one has 65)");
    }

    @Test
    void nullIsRejectedLikeEmpty() {
        assertThatThrownBy(() -> SnapshotName.of(null)).hasMessageContaining("a name is required");
    }

    @Test
    void autoName_carriesScheduleAndUtcSecond() {
        SnapshotName n = SnapshotName.auto("hourly", Instant.parse("2026-11-27T10:15:00.750Z"));
        assertThat(n.value()).isEqualTo("auto-hourly-20261127T101500Z");
        assertThat(n.isAuto()).isTrue();
    }

    @Test
    void autoName_belongsToExactlyItsSchedule() {
        String n = SnapshotName.auto("hourly-2", Instant.parse("2026-11-27T10:15:00Z")).value();
        assertThat(SnapshotName.isAutoOf(n, "hourly-2")).isTrue();
        assertThat(SnapshotName.isAutoOf(n, "hourly")).as("a schedule whose id is a prefix").isFalse();
        assertThat(SnapshotName.isAutoOf("auto-hourly-today", "hourly")).as("no timestamp").isFalse();
        assertThat(SnapshotName.isAutoOf("before upgrade", "hourly")).as("any foreign name may be asked about").isFalse();
    }

    @Test
    void longestScheduleIdStillMakesAValidAutoName() {
        String id = "h".repeat(32);
        assertThat(SnapshotName.auto(id, Instant.EPOCH).value()).hasSizeLessThanOrEqualTo(SnapshotName.MAX_LENGTH);
    }
}
