package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.console.LogTimeIndex.Entry;
import io.hurdvm.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The time index written by {@link RotatingLog} and how {@code --since} reads it. */
class LogTimeIndexTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void writer_notesAtMostOneEntryPerSecond_andOneAtTheStartOfEachFile() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Path file = dir.resolve("console.log");
        try (RotatingLog log = new RotatingLog(file, 30, 2, clock)) {
            log.append(bytes("boot\n"));                 // 0: entry (first write of the file)
            clock.advance(Duration.ofMillis(400));
            log.append(bytes("kernel\n"));               // 5: same second as the entry: none
            clock.advance(Duration.ofMillis(700));
            log.append(bytes("login: \n"));              // 12: 1.1 s after the entry: entry
            clock.advance(Duration.ofSeconds(5));
            log.append(bytes("root logged in\n"));       // 20 + 15 > 30: rotates, entry at 0 of the new file
        }
        assertThat(LogTimeIndex.read(dir.resolve("console.log.1"))).containsExactly(
                new Entry(T0.toEpochMilli(), 0), new Entry(T0.plusMillis(1100).toEpochMilli(), 12));
        assertThat(LogTimeIndex.read(file)).containsExactly(new Entry(T0.plusMillis(6100).toEpochMilli(), 0));
        assertThat(dir.resolve("console.log.1.idx")).exists();
    }

    @Test
    void rotation_dropsTheOldestIndexWithItsLog() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Path file = dir.resolve("console.log");
        try (RotatingLog log = new RotatingLog(file, 4, 1, clock)) {
            for (String chunk : List.of("111\n", "222\n", "333\n")) {
                log.append(bytes(chunk));
                clock.advance(Duration.ofSeconds(2));
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("console.log", "console.log.idx", "console.log.1", "console.log.1.idx");
        }
        assertThat(LogTimeIndex.read(dir.resolve("console.log.1"))).containsExactly(new Entry(T0.plusSeconds(2).toEpochMilli(), 0));
    }

    @Test
    void aTornLastLine_isSkipped_andTheNextWriterStartsAFreshLine() throws Exception {
        Path file = dir.resolve("console.log");
        Files.writeString(file, "old output\n");
        Files.writeString(LogTimeIndex.of(file), "1893456000000 0\n18934560");
        ManualClock clock = new ManualClock(T0.plusSeconds(60));
        try (RotatingLog log = new RotatingLog(file, 1 << 20, 1, clock)) {
            log.append(bytes("after restart\n"));
        }
        assertThat(Files.readString(LogTimeIndex.of(file))).isEqualTo("1893456000000 0\n18934560\n" + (T0.toEpochMilli() + 60_000) + " 11\n");
        assertThat(LogTimeIndex.read(file)).containsExactly(new Entry(1893456000000L, 0), new Entry(T0.toEpochMilli() + 60_000, 11));
    }

    @Test
    void aGuestPrintingOneByteASecond_cannotGrowTheIndexBeyondAnEighthOfTheLog() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Path file = dir.resolve("console.log");
        try (RotatingLog log = new RotatingLog(file, 16 * 1024, 1, clock)) {
            for (int i = 0; i < 3000; i++) {
                log.append(bytes("."));
                clock.advance(Duration.ofSeconds(1));
            }
        }
        assertThat(Files.size(LogTimeIndex.of(file))).isLessThanOrEqualTo(2048 + 32);
        assertThat(Files.size(LogTimeIndex.of(dir.resolve("console.log.1")))).isLessThanOrEqualTo(2048 + 32);
    }

    @ParameterizedTest(name = "since +{0}s -> offset {1}")
    @CsvSource({"0, 0", "1, 100", "2, 100", "10, 100", "11, 200", "20, 200", "21, 300", "22, 300", "23, 1000"})
    void startOffset_coversEverythingWrittenSince_toTheSecond(long sinceSeconds, long offset) {
        // bytes [0,100) at T0..T0+1s, [100,200) at +10s.., [200,300) at +20s.., [300,1000) at +21.5s..
        List<Entry> entries = List.of(e(0, 0), e(10_000, 100), e(20_000, 200), e(21_500, 300));
        assertThat(LogTimeIndex.startOffset(entries, T0.plusSeconds(sinceSeconds), 1000, T0)).isEqualTo(offset);
    }

    @Test
    void withoutAnIndex_theModificationTimeDecides_andBytesOlderThanTheIndexCountAsRecent() {
        assertThat(LogTimeIndex.startOffset(List.of(), T0.plusSeconds(5), 1000, T0)).isEqualTo(1000);
        assertThat(LogTimeIndex.startOffset(List.of(), T0.minusSeconds(5), 1000, T0)).isZero();
        assertThat(LogTimeIndex.startOffset(List.of(e(60_000, 400)), T0, 1000, T0)).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"x 1", "1 2 3", "1893456000000", "1 -5", "'  '"})
    void malformedLines_areNotEntries(String line) {
        assertThat(LogTimeIndex.parse(line)).isEmpty();
    }

    private static Entry e(long millisAfterT0, long offset) {
        return new Entry(T0.toEpochMilli() + millisAfterT0, offset);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
