package io.hurdvm.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code logs -n} and {@code --since} over a log written and rotated by the real {@link RotatingLog}. */
class LogSelectionTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;
    Path file;

    /** Lines "line 1".."line 40", one every 10 s from T0, in files of at most 64 bytes (several rotations). */
    @BeforeEach
    void writeLog() throws Exception {
        file = dir.resolve("console.log");
        ManualClock clock = new ManualClock(T0);
        try (RotatingLog log = new RotatingLog(file, 64, 100, clock)) {
            for (int i = 1; i <= 40; i++) {
                log.append(("line " + i + "\r\n").getBytes(StandardCharsets.UTF_8));
                clock.advance(Duration.ofSeconds(10));
            }
        }
        assertThat(dir.resolve("console.log.3")).exists();
    }

    @Test
    void all_isEveryLineInOrder_acrossRotatedFiles() throws Exception {
        assertThat(read(LogSelection.all(file))).isEqualTo(lines(1, 40));
    }

    @ParameterizedTest
    @CsvSource({"1, 40, 40", "3, 38, 40", "25, 16, 40", "40, 1, 40", "100, 1, 40"})
    void lastLines(int n, int first, int last) throws Exception {
        assertThat(read(LogSelection.all(file).lastLines(n))).isEqualTo(lines(first, last));
    }

    @Test
    void lastLines_countsAnUnterminatedLastLine() throws Exception {
        Path f = Files.writeString(dir.resolve("other.log"), "a\nb\nc");
        assertThat(read(LogSelection.all(f).lastLines(2))).isEqualTo("b\nc");
        Path g = Files.writeString(dir.resolve("g.log"), "a\nb\n\n");
        assertThat(read(LogSelection.all(g).lastLines(1))).isEqualTo("\n");
        assertThat(read(LogSelection.all(g).lastLines(0))).isEmpty();
    }

    @ParameterizedTest(name = "since T0+{0}s")
    @CsvSource({"0, 1", "5, 2", "10, 2", "11, 3", "200, 21", "390, 40", "391, 41"})
    void since_startsAtTheFirstLineWrittenThenOrLater(long seconds, int first) throws Exception {
        String expected = first > 40 ? "" : lines(first, 40);
        assertThat(read(LogSelection.all(file).since(T0.plusSeconds(seconds)))).isEqualTo(expected);
    }

    @Test
    void sinceAndLastLines_combine() throws Exception {
        assertThat(read(LogSelection.all(file).since(T0.plusSeconds(200)).lastLines(3))).isEqualTo(lines(38, 40));
        assertThat(read(LogSelection.all(file).since(T0.plusSeconds(370)).lastLines(10))).isEqualTo(lines(38, 40));
    }

    @Test
    void aMissingLog_selectsNothing() throws Exception {
        assertThat(read(LogSelection.all(dir.resolve("none.log")).lastLines(5))).isEmpty();
    }

    private static String read(LogSelection s) throws Exception {
        try (s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.copyTo(out);
            return out.toString(StandardCharsets.UTF_8).replace("\r", "");
        }
    }

    private static String lines(int first, int last) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i <= last; i++) {
            sb.append("line ").append(i).append('\n');
        }
        return sb.toString();
    }
}
