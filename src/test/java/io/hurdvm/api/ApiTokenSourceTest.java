package io.hurdvm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.secret.SecretFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenSourceTest {
    private static final String TOKEN = "abcdef0123456789abcdef";
    private static final int NOBODY = 65534;
    @TempDir Path dir;

    /** The policy of a daemon running as root, as here; container secrets below dir/secrets, which is "mounted". */
    private SecretFilePolicy policy() {
        return new SecretFilePolicy(0, dir.resolve("secrets"), p -> p.equals(dir.resolve("secrets")));
    }

    private ApiTokenSource source(Optional<Path> option, Map<String, String> env) {
        return new ApiTokenSource(option, env, dir.resolve("run-secrets-api_token"), policy());
    }

    private Path file(String name, String text, String mode) throws Exception {
        Path f = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void optionWins_overEnvironment_overRunSecrets() throws Exception {
        Path opt = file("opt", TOKEN + "1\n", "rw-------");
        Path env = file("env", TOKEN + "2\n", "rw-------");
        file("run-secrets-api_token", TOKEN + "3\n", "r--------");
        assertThat(source(Optional.of(opt), Map.of("HURDVM_TOKEN_FILE", env.toString())).forDaemon().orElseThrow().reveal()).isEqualTo(TOKEN + "1");
        assertThat(source(Optional.empty(), Map.of("HURDVM_TOKEN_FILE", env.toString())).forDaemon().orElseThrow().reveal()).isEqualTo(TOKEN + "2");
        assertThat(source(Optional.empty(), Map.of()).forDaemon().orElseThrow().reveal()).isEqualTo(TOKEN + "3");
    }

    @Test
    void noFileAnywhere_meansNoToken_forAUnixSocket() {
        assertThat(source(Optional.empty(), Map.of()).forDaemon()).isEmpty();
        assertThat(source(Optional.empty(), Map.of()).nothingConfigured()).isTrue();
    }

    @Test
    void noFileAnywhere_onTcp_generatesAPrivateRandomToken_once_andClientsOfTheHomeFindIt() throws Exception {
        Path home = dir.resolve("home");
        ApiToken first = source(Optional.empty(), Map.of()).forDaemonOnTcp(home);
        Path generated = home.resolve("api_token");
        assertThat(first.origin()).isEqualTo(generated);
        assertThat(first.reveal()).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated))).isEqualTo("rw-------");
        assertThat(source(Optional.empty(), Map.of()).forDaemonOnTcp(home).reveal()).as("kept across restarts").isEqualTo(first.reveal());
        assertThat(source(Optional.empty(), Map.of()).forClient(home).orElseThrow().reveal()).isEqualTo(first.reveal());
        assertThat(source(Optional.empty(), Map.of()).forClient(dir.resolve("other-home"))).isEmpty();
    }

    @Test
    void aGeneratedTokenOthersCanRead_isRefused_notRegenerated() throws Exception {
        Path home = dir.resolve("home");
        source(Optional.empty(), Map.of()).forDaemonOnTcp(home);
        Files.setPosixFilePermissions(home.resolve("api_token"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> source(Optional.empty(), Map.of()).forDaemonOnTcp(home))
                .isInstanceOf(SecretFileException.class).hasMessageContaining("chmod 600 " + home.resolve("api_token"));
    }

    @Test
    void tokenFileGroupOrOthersMayRead_isRefused_withOneLineNamingChmod600() throws Exception {
        for (String mode : new String[] {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----"}) {
            Path f = file("t-" + mode, TOKEN + "\n", mode);
            assertThatThrownBy(() -> source(Optional.of(f), Map.of()).forDaemon())
                    .isInstanceOf(SecretFileException.class)
                    .hasMessage("token file " + f + " may be read or changed by other users (mode "
                            + String.format("%04o", modeBits(mode)) + ", " + mode + "): run 'chmod 600 " + f + "'");
            assertThatThrownBy(() -> source(Optional.of(f), Map.of()).forClient(dir)).hasMessageContaining("chmod 600");
        }
        assertThat(source(Optional.of(file("ro", TOKEN + "\n", "r--------")), Map.of()).forDaemon()).isPresent();
    }

    @Test
    void tokenFileOfAnotherUser_isRefusedByTheDaemon_butAClientMayUseIt() throws Exception {
        Path f = file("theirs", TOKEN + "\n", "rw-------");
        Files.setAttribute(f, "unix:uid", NOBODY);
        assertThatThrownBy(() -> source(Optional.of(f), Map.of()).forDaemon())
                .hasMessage("token file " + f + " belongs to uid 65534, not to uid 0 that runs hurdvm: run 'chown 0 " + f + "' (mode 600)");
        // The operator (root) reads the file given to a container's user (uid 10001): fine for a client.
        assertThat(source(Optional.of(f), Map.of()).forClient(dir)).isPresent();
    }

    @Test
    void containerSecret_rootOwnedAndReadableByAll_isAccepted_onlyBelowAMountedSecretsFolder() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Path swarm = file("secrets/api_token", TOKEN + "\n", "r--r--r--");
        assertThat(source(Optional.of(swarm), Map.of()).forDaemon()).isPresent();
        Path k8s = file("secrets/k8s", TOKEN + "\n", "r--r-----");
        assertThat(source(Optional.of(k8s), Map.of()).forDaemon()).isPresent();

        Path writable = file("secrets/writable", TOKEN + "\n", "rw-rw-rw-");
        assertThatThrownBy(() -> source(Optional.of(writable), Map.of()).forDaemon()).hasMessageContaining("chmod 600");
        Path notRoot = file("secrets/not-root", TOKEN + "\n", "r--r--r--");
        Files.setAttribute(notRoot, "unix:uid", NOBODY);
        assertThatThrownBy(() -> source(Optional.of(notRoot), Map.of()).forDaemon()).hasMessageContaining("chmod 600");
        SecretFilePolicy unmounted = new SecretFilePolicy(0, dir.resolve("secrets"), p -> false);
        assertThatThrownBy(() -> new ApiTokenSource(Optional.of(swarm), Map.of(), dir.resolve("x"), unmounted).forDaemon())
                .as("a plain folder named like /run/secrets on a host").hasMessageContaining("chmod 600");
    }

    @Test
    void mountPoints_areReadFromMountinfo_withOctalEscapes() throws Exception {
        Path mountinfo = Files.writeString(dir.resolve("mountinfo"),
                "22 1 0:21 / / rw - ext4 /dev/sda1 rw\n"
                        + "30 22 0:25 / /run/secrets/api_token ro,relatime - tmpfs tmpfs ro\n"
                        + "31 22 0:26 / /mnt/with\\040space rw - tmpfs tmpfs rw\n");
        assertThat(SecretFilePolicy.mountPoints(mountinfo)).isEqualTo(Set.of("/", "/run/secrets/api_token", "/mnt/with space"));
    }

    @Test
    void namedFileThatIsMissing_isAnError_notSilentlyNoToken() {
        assertThatThrownBy(() -> source(Optional.of(dir.resolve("nope")), Map.of()).forDaemon())
                .isInstanceOf(SecretFileException.class).hasMessageContaining("does not exist: check --token-file");
        assertThatThrownBy(() -> source(Optional.empty(), Map.of("HURDVM_TOKEN_FILE", dir.resolve("nope").toString())).forDaemon())
                .isInstanceOf(SecretFileException.class).hasMessageContaining("check HURDVM_TOKEN_FILE");
    }

    @Test
    void shortOrMultiWordTokens_areRefused_withoutShowingThem() throws Exception {
        Path shortOne = file("short", "hunter2\n", "rw-------");
        assertThatThrownBy(() -> source(Optional.of(shortOne), Map.of()).forDaemon())
                .hasMessageContaining("too short").hasMessageNotContaining("hunter2");
        Path spaced = file("spaced", "correct horse battery staple\n", "rw-------");
        assertThatThrownBy(() -> source(Optional.of(spaced), Map.of()).forDaemon())
                .hasMessageContaining("without spaces").hasMessageNotContaining("horse");
    }

    @Test
    void token_neverShowsInToString_andMatchesOnlyItself() throws Exception {
        Path f = file("t", TOKEN + "\n", "rw-------");
        ApiToken t = source(Optional.of(f), Map.of()).forDaemon().orElseThrow();
        assertThat(t.toString()).doesNotContain(TOKEN).contains(f.toString());
        assertThat(t.matches(TOKEN)).isTrue();
        assertThat(t.matches(TOKEN + "x")).isFalse();
        assertThat(t.matches(TOKEN.substring(1))).isFalse();
        assertThat(t.matches(null)).isFalse();
    }

    private static int modeBits(String mode) {
        int m = 0;
        for (char c : mode.toCharArray()) {
            m = (m << 1) | (c == '-' ? 0 : 1);
        }
        return m;
    }
}
