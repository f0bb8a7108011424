package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.secret.SecretFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenSourceTest {
    private static final String TOKEN = "abcdef0123456789abcdef";
    @TempDir Path dir;

    private ApiTokenSource source(Optional<Path> option, Map<String, String> env) {
        return new ApiTokenSource(option, env, dir.resolve("run-secrets-api_token"));
    }

    @Test
    void optionWins_overEnvironment_overRunSecrets() throws Exception {
        Path opt = Files.writeString(dir.resolve("opt"), TOKEN + "1\n");
        Path env = Files.writeString(dir.resolve("env"), TOKEN + "2\n");
        Files.writeString(dir.resolve("run-secrets-api_token"), TOKEN + "3\n");
        assertThat(source(Optional.of(opt), Map.of("HURDVM_TOKEN_FILE", env.toString())).resolve().orElseThrow().reveal()).isEqualTo(TOKEN + "1");
        assertThat(source(Optional.empty(), Map.of("HURDVM_TOKEN_FILE", env.toString())).resolve().orElseThrow().reveal()).isEqualTo(TOKEN + "2");
        assertThat(source(Optional.empty(), Map.of()).resolve().orElseThrow().reveal()).isEqualTo(TOKEN + "3");
    }

    @Test
    void noFileAnywhere_meansNoToken() {
        assertThat(source(Optional.empty(), Map.of()).resolve()).isEmpty();
    }

    @Test
    void namedFileThatIsMissing_isAnError_notSilentlyNoToken() {
        assertThatThrownBy(() -> source(Optional.of(dir.resolve("nope")), Map.of()).resolve())
                .isInstanceOf(SecretFileException.class).hasMessageContaining("does not exist: check --token-file");
        assertThatThrownBy(() -> source(Optional.empty(), Map.of("HURDVM_TOKEN_FILE", dir.resolve("nope").toString())).resolve())
                .isInstanceOf(SecretFileException.class).hasMessageContaining("check HURDVM_TOKEN_FILE");
    }

    @Test
    void shortOrMultiWordTokens_areRefused_withoutShowingThem() throws Exception {
        Path shortOne = Files.writeString(dir.resolve("short"), "hunter2\n");
        assertThatThrownBy(() -> source(Optional.of(shortOne), Map.of()).resolve())
                .hasMessageContaining("too short").hasMessageNotContaining("hunter2");
        Path spaced = Files.writeString(dir.resolve("spaced"), "correct horse battery staple\n");
        assertThatThrownBy(() -> source(Optional.of(spaced), Map.of()).resolve())
                .hasMessageContaining("without spaces").hasMessageNotContaining("horse");
    }

    @Test
    void token_neverShowsInToString_andMatchesOnlyItself() throws Exception {
        Path f = Files.writeString(dir.resolve("t"), TOKEN + "\n");
        ApiToken t = source(Optional.of(f), Map.of()).resolve().orElseThrow();
        assertThat(t.toString()).doesNotContain(TOKEN).contains(f.toString());
        assertThat(t.matches(TOKEN)).isTrue();
        assertThat(t.matches(TOKEN + "x")).isFalse();
        assertThat(t.matches(TOKEN.substring(1))).isFalse();
        assertThat(t.matches(null)).isFalse();
    }
}
