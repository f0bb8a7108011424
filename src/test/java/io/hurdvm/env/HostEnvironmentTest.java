package io.hurdvm.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostEnvironmentTest {

    @Test
    void toString_namesNeitherVariablesNorValues() {
        HostEnvironment env = HostEnvironment.of(Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t-value", "HURDVM_HOME", "/srv/hv"));
        assertThat(env.toString()).doesNotContain("s3cr3t-value").doesNotContain("AWS_SECRET_ACCESS_KEY")
                .doesNotContain("/srv/hv").isEqualTo("HostEnvironment[2 variables]");
    }

    @Test
    void blankValues_countAsUnset() {
        HostEnvironment env = HostEnvironment.of(Map.of("HURDVM_RUNTIME_DIR", "  ", "X", "1"));
        assertThat(env.get("HURDVM_RUNTIME_DIR")).isEmpty();
        assertThat(env.runtimeDir()).isEmpty();
        assertThat(env.get("X")).contains("1");
        assertThat(env.get("MISSING")).isEmpty();
    }

    @Test
    void namedSettings_haveTheDefaultsTheEntryPointsUsed() {
        HostEnvironment none = HostEnvironment.empty();
        assertThat(none.debug()).isFalse();
        assertThat(none.term()).isEqualTo("xterm");
        assertThat(none.logLevel()).isEmpty();
        assertThat(none.logFormat()).isEqualTo("text");
        assertThat(none.libraryLogLevel()).isEqualTo("OFF");

        HostEnvironment set = HostEnvironment.of(Map.of("HURDVM_DEBUG", "1", "TERM", "screen", "HURDVM_LOG_LEVEL", "DEBUG",
                "HURDVM_LOG_FORMAT", "json", "HURDVM_LOG_LIBRARIES", "INFO", "HURDVM_RUNTIME_DIR", "/run/hv/../hv2"));
        assertThat(set.debug()).isTrue();
        assertThat(set.term()).isEqualTo("screen");
        assertThat(set.logLevel()).contains("DEBUG");
        assertThat(set.logFormat()).isEqualTo("json");
        assertThat(set.libraryLogLevel()).isEqualTo("INFO");
        assertThat(set.runtimeDir()).contains(Path.of("/run/hv2"));
        assertThat(HostEnvironment.of(Map.of("HURDVM_DEBUG", "yes")).debug()).isFalse();
    }

    @Test
    void aGivenMap_isCopied_soLaterChangesDoNotLeakIn() {
        Map<String, String> source = new java.util.HashMap<>(Map.of("A", "1"));
        HostEnvironment env = HostEnvironment.of(source);
        source.put("A", "2");
        assertThat(env.get("A")).contains("1");
    }
}
