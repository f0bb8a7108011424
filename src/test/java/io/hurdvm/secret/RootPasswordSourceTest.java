package io.hurdvm.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPasswordSourceTest {
    @TempDir
    Path tmp;

    private RootPasswordSource source(Optional<Path> option, Map<String, String> env) {
        return new RootPasswordSource(option, env, tmp.resolve("run-secrets/root_password"), tmp.resolve("inst/secrets"),
                new PasswordGenerator());
    }

    private Path file(String name, String content) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void optionFile_winsOverEnvironmentAndRunSecrets() throws Exception {
        Path option = file("opt", "from-option\n");
        Path env = file("env", "from-env\n");
        Files.createDirectories(tmp.resolve("run-secrets"));
        Files.writeString(tmp.resolve("run-secrets/root_password"), "from-run");

        RootPassword pw = source(Optional.of(option), Map.of("ROOT_PASSWORD_FILE", env.toString())).resolve();

        assertThat(pw.secret().reveal()).isEqualTo("from-option");
        assertThat(pw.origin()).isEqualTo(RootPasswordOrigin.OPTION);
    }

    @Test
    void environmentFile_winsOverRunSecrets() throws Exception {
        Path env = file("env", "from-env");
        Files.createDirectories(tmp.resolve("run-secrets"));
        Files.writeString(tmp.resolve("run-secrets/root_password"), "from-run");

        RootPassword pw = source(Optional.empty(), Map.of("ROOT_PASSWORD_FILE", env.toString())).resolve();

        assertThat(pw.secret().reveal()).isEqualTo("from-env");
        assertThat(pw.origin()).isEqualTo(RootPasswordOrigin.ENVIRONMENT);
    }

    @Test
    void runSecrets_usedWhenPresentAndNothingElseGiven() throws Exception {
        Files.createDirectories(tmp.resolve("run-secrets"));
        Files.writeString(tmp.resolve("run-secrets/root_password"), "from-run\n");

        RootPassword pw = source(Optional.empty(), Map.of()).resolve();

        assertThat(pw.secret().reveal()).isEqualTo("from-run");
        assertThat(pw.origin()).isEqualTo(RootPasswordOrigin.RUN_SECRETS);
    }

    @Test
    void nothingGiven_generatesStrongPasswordStoredOwnerOnly_andReusesItNextTime() throws Exception {
        RootPassword first = source(Optional.empty(), Map.of()).resolve();

        Path stored = tmp.resolve("inst/secrets/root_password");
        assertThat(first.origin()).isEqualTo(RootPasswordOrigin.GENERATED);
        assertThat(first.file()).isEqualTo(stored);
        assertThat(first.secret().reveal()).hasSizeGreaterThanOrEqualTo(24).matches("[A-Za-z0-9_.+=,-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.getParent()))).isEqualTo("rwx------");

        RootPassword second = source(Optional.empty(), Map.of()).resolve();
        assertThat(second.origin()).isEqualTo(RootPasswordOrigin.INSTANCE_FILE);
        assertThat(second.secret()).isEqualTo(first.secret());
    }

    @Test
    void generatedPasswords_differ() {
        PasswordGenerator g = new PasswordGenerator();
        assertThat(g.generate()).isNotEqualTo(g.generate());
    }

    @Test
    void blankEnvironmentVariable_isIgnored() {
        RootPassword pw = source(Optional.empty(), Map.of("ROOT_PASSWORD_FILE", " ")).resolve();
        assertThat(pw.origin()).isEqualTo(RootPasswordOrigin.GENERATED);
    }

    @Test
    void missingFile_failsWithOneLineNamingTheFile() {
        Path missing = tmp.resolve("x/y");
        assertThatThrownBy(() -> source(Optional.of(missing), Map.of()).resolve())
                .isInstanceOf(SecretFileException.class)
                .hasMessageStartingWith("root password file " + missing + " does not exist: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void missingEnvironmentFile_namesTheVariableInTheHint() {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> source(Optional.empty(), Map.of("ROOT_PASSWORD_FILE", missing.toString())).resolve())
                .hasMessageStartingWith("root password file " + missing + " does not exist: ")
                .hasMessageContaining("ROOT_PASSWORD_FILE");
    }

    @Test
    void emptyFile_failsWithOneLine() throws Exception {
        Path empty = file("empty", "\n");
        assertThatThrownBy(() -> source(Optional.of(empty), Map.of()).resolve())
                .isInstanceOf(SecretFileException.class)
                .hasMessageStartingWith("root password file " + empty + " is empty: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unreadableFile_failsWithOneLine() throws Exception {
        Path locked = file("locked", "pw");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        // root reads any file regardless of mode; the check only means something for other users.
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked), "running as root: mode 000 is still readable");
        assertThatThrownBy(() -> source(Optional.of(locked), Map.of()).resolve())
                .hasMessageStartingWith("root password file " + locked + " is not readable");
    }

    @Test
    void directoryInsteadOfFile_failsWithOneLine() {
        assertThatThrownBy(() -> source(Optional.of(tmp), Map.of()).resolve())
                .hasMessageStartingWith("root password file " + tmp + " is a directory: ");
    }

    @Test
    void invalidUtf8_failsWithOneLine() throws Exception {
        Path bad = tmp.resolve("bad");
        Files.write(bad, new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
        assertThatThrownBy(() -> source(Optional.of(bad), Map.of()).resolve())
                .hasMessageStartingWith("root password file " + bad + " is not valid UTF-8");
    }

    @Test
    void exactlyOneTrailingNewlineIsStripped() throws Exception {
        assertThat(source(Optional.of(file("a", "pw\n\n")), Map.of()).resolve().secret().reveal()).isEqualTo("pw\n");
        assertThat(source(Optional.of(file("b", "pw\r\n")), Map.of()).resolve().secret().reveal()).isEqualTo("pw");
        assertThat(source(Optional.of(file("c", " pw ")), Map.of()).resolve().secret().reveal()).isEqualTo(" pw ");
    }

    @Test
    void secretAndResolvedPasswordAndSource_neverPrintThePassword() throws Exception {
        Path f = file("p", "hunter2-very-secret");
        RootPassword pw = source(Optional.of(f), Map.of("UNRELATED_TOKEN", "tok-123")).resolve();

        assertThat(pw.secret().toString()).isEqualTo("******");
        assertThat(pw.toString()).doesNotContain("hunter2");
        assertThat(source(Optional.of(f), Map.of("UNRELATED_TOKEN", "tok-123")).toString()).doesNotContain("tok-123");
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).isEqualTo("hunter2-very-secret");
    }
}
