package io.hurdvm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.vm.InvalidSpecException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The human forms of sizes and durations: accepted values, and refusals that name the bound instead of wrapping. */
class SizeParserTest {
    @ParameterizedTest
    @CsvSource({
            "90s, 90000", "5m, 300000", "1h30m, 5400000", "45, 45000", "500ms, 500", "2d, 172800000",
            "7d, 604800000", "0, 0", "' 10M ', 600000", "1H, 3600000"})
    void durations(String text, long millis) {
        assertThat(SizeParser.duration("--timeout", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "999999999999999h | at most 7d is allowed",
            "99999999999999999999999h | at most 7d is allowed",
            "99999999999999999999 | at most 7d is allowed",
            "7d1s | at most 7d is allowed",
            "169h | at most 7d is allowed",
            "soon | use a duration such as 90s, 5m or 1h30m",
            "5 m | use a duration such as 90s, 5m or 1h30m",
            "-5s | use a duration such as 90s, 5m or 1h30m",
            "5m soon | use a duration such as 90s, 5m or 1h30m"})
    void badDurations_nameTheFlagAndTheBound(String text, String reason) {
        assertThatThrownBy(() -> SizeParser.duration("--timeout", text)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("invalid --timeout '" + text + "': " + reason);
    }

    @ParameterizedTest
    @CsvSource({"2G, 2147483648", "512M, 536870912", "1k, 1024", "10, 10", "64T, 70368744177664", "64TiB, 70368744177664"})
    void bytes(String text, long expected) {
        assertThat(SizeParser.bytes("--disk-size", text, 64L << 40)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "16777216T | at most 64.0 TiB is allowed",
            "65T | at most 64.0 TiB is allowed",
            "99999999999999999999999 | at most 64.0 TiB is allowed",
            "12 parsecs | use bytes or a unit"})
    void badSizes_neverWrap(String text, String reason) {
        assertThatThrownBy(() -> SizeParser.bytes("--disk-size", text, 64L << 40)).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("invalid --disk-size '" + text + "': " + reason);
    }

    @ParameterizedTest
    @CsvSource({"8388608T", "9223372036854775808", "99999999999999999999999"})
    void unboundedBytes_stillRefuseOverflow(String text) {
        assertThatThrownBy(() -> SizeParser.bytes("--speed", text)).hasMessage("invalid --speed '" + text + "': the number is too large");
    }

    @ParameterizedTest
    @CsvSource({"2048, 2048", "2G, 2048", "512M, 512", "512MiB, 512"})
    void mebibytes(String text, int mib) {
        assertThat(SizeParser.mebibytes("--memory", text)).isEqualTo(mib);
    }

    @ParameterizedTest
    @CsvSource({"99999999999999999999999G", "2097152G", "2147483648"})
    void mebibytes_tooLarge(String text) {
        assertThatThrownBy(() -> SizeParser.mebibytes("--memory", text)).hasMessage("invalid --memory '" + text + "': the number is too large");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"abc | use a whole number", "99999999999 | the number is too large", "1.5 | use a whole number"})
    void counts(String text, String reason) {
        assertThatThrownBy(() -> SizeParser.count("--cpus", text)).hasMessage("invalid --cpus '" + text + "': " + reason);
    }

    @ParameterizedTest
    @CsvSource({"604800, 7d", "5400, 1h30m", "90, 1m30s", "1, 1s"})
    void human_isTheFormThisParserReads(long seconds, String text) {
        assertThat(SizeParser.human(Duration.ofSeconds(seconds))).isEqualTo(text);
        assertThat(SizeParser.duration("t", text)).isEqualTo(Duration.ofSeconds(seconds));
    }
}
