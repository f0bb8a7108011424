package io.hurdvm.storage.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @ParameterizedTest(name = "''{0}'' after {1} -> {2}")
    @CsvSource({
            "0 * * * *,       2026-11-27T10:15:00Z, 2026-11-27T11:00:00Z",
            "0 * * * *,       2026-11-27T11:00:00Z, 2026-11-27T12:00:00Z",
            "*/15 * * * *,    2026-11-27T10:15:30Z, 2026-11-27T10:30:00Z",
            "30 2 * * *,      2026-11-27T10:15:00Z, 2026-11-28T02:30:00Z",
            "0 0 * * 0,       2026-11-27T10:15:00Z, 2026-11-29T00:00:00Z",
            "0 0 * * 7,       2026-11-27T10:15:00Z, 2026-11-29T00:00:00Z",
            "0 3 1 * *,       2026-11-27T10:15:00Z, 2026-12-01T03:00:00Z",
            "0 0 * * MON-FRI, 2026-11-27T10:15:00Z, 2026-11-30T00:00:00Z",
    })
    void nextAfter_isStrictlyAfter(String cron, String after, String expected) {
        assertThat(CronSchedule.parse(cron).nextAfter(Instant.parse(after), UTC)).contains(Instant.parse(expected));
    }

    @Test
    void cronTimesAreWallClockInTheGivenZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 02:30 local in Berlin (UTC+1 in November) is 01:30 UTC.
        assertThat(CronSchedule.parse("30 2 * * *").nextAfter(Instant.parse("2026-11-27T10:00:00Z"), berlin))
                .contains(Instant.parse("2026-11-28T01:30:00Z"));
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            "61 * * * *        | minute field '61': Value 61 not in range [0, 59]",
            "0 24 * * *        | hour field '24': Value 24 not in range [0, 23]",
            "0 0 32 * *        | day-of-month field '32'",
            "0 0 * 13 *        | month field '13'",
            "0 0 * * 8         | day-of-week field '8'",
            "x * * * *         | minute field 'x'",
            "0 * * *           | it has 4 fields, expected 5",
            "0 0 * * * *       | it has 6 fields, expected 5",
            "@daily            | it has 1 fields, expected 5",
    })
    void invalidExpressionsNameTheField(String cron, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(cron))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid cron expression '" + cron + "'")
                .hasMessageContaining(message);
    }

    @Test
    void emptyExpressionIsRejected() {
        assertThatThrownBy(() -> CronSchedule.parse(" ")).hasMessageContaining("it is empty");
    }
}
