package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hurdvm.secret.SshKeyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSshCommandTest {
    @TempDir
    Path tmp;

    private static final SshConfigBlock BLOCK = new SshConfigBlock("demo", 2222, Path.of("/i/demo/secrets/id_ed25519"), Path.of("/i/demo/known_hosts"));

    @Test
    void argv_readsNoConfig_setsEveryOptionOfTheBlock_andEndsWithHostAndWrappedCommand() {
        List<String> argv = new OpenSshCommand(Path.of("/usr/bin/ssh"), BLOCK).argv("uname -a");
        assertThat(argv.subList(0, 4)).containsExactly("/usr/bin/ssh", "-F", "/dev/null", "-T");
        for (String option : BLOCK.options()) {
            assertThat(argv).containsSubsequence("-o", option);
        }
        assertThat(argv).contains("BatchMode yes", "UpdateHostKeys no", "GlobalKnownHostsFile /dev/null");
        assertThat(argv.subList(argv.size() - 3, argv.size()))
                .containsExactly("--", "hurdvm-demo", "exec 3>&2 2>/dev/null; \"${SHELL:-/bin/sh}\" -c 'exec 2>&3 3>&-; uname -a'; exit $?");
    }

    @Test
    void remoteCommand_quotesTheUserCommandForTheChildShell() {
        assertThat(OpenSshCommand.remoteCommand("echo \"$HOME\"; exit 3"))
                .isEqualTo("exec 3>&2 2>/dev/null; \"${SHELL:-/bin/sh}\" -c 'exec 2>&3 3>&-; echo \"$HOME\"; exit 3'; exit $?");
        assertThat(OpenSshCommand.remoteCommand("it's")).contains("; it'\\''s'; ");
    }

    @Test
    void findClient_searchesPath_andMinaChoosesTheBuiltInClient() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path ssh = Files.createFile(bin.resolve("ssh"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        String path = tmp.resolve("empty") + ":" + bin;
        assertThat(OpenSshCommand.findClient(Map.of("PATH", path))).contains(ssh);
        assertThat(OpenSshCommand.findClient(Map.of("PATH", path, "HURDVM_SSH_CLIENT", "mina"))).isEmpty();
        assertThat(OpenSshCommand.findClient(Map.of("PATH", tmp.resolve("empty").toString()))).isEmpty();
        assertThat(OpenSshCommand.findClient(Map.of())).isEmpty();
    }

    @Test
    void usable_onlyOnceHurdvmPinnedTheHostKey() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        SshConfigBlock block = new SshConfigBlock("demo", 22, tmp.resolve("id"), knownHosts);
        assertThat(OpenSshCommand.usable(block)).isFalse();
        new KnownHostsFile(knownHosts).add("hurdvm-other", KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256).getPublic());
        assertThat(OpenSshCommand.usable(block)).isFalse();
        new KnownHostsFile(knownHosts).add("hurdvm-demo", KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256).getPublic());
        assertThat(OpenSshCommand.usable(block)).isTrue();
    }

    /** The real OpenSSH client with this argv: exit codes, a signal as 128+n, stdin, and the pinned key. */
    @Test
    void realOpenSsh_passesExitCodesSignalsAndStdin() throws Exception {
        Optional<Path> client = OpenSshCommand.findClient(System.getenv());
        assumeTrue(client.isPresent(), "no OpenSSH client on PATH");
        SshKeyPair key = SshKeyPair.loadOrCreate(tmp.resolve("secrets"), "hurdvm@demo");
        Path knownHosts = tmp.resolve("known_hosts");
        KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        try (LoopbackSshServer server = new LoopbackSshServer(hostKey, key.keyPair().getPublic(), null)) {
            try (GuestSsh ssh = GuestSsh.connect(SshTarget.withKey("demo", server.port(), key, knownHosts),
                    Duration.ofSeconds(15), Duration.ofSeconds(15))) {
                ssh.run("true", Duration.ofSeconds(15)); // pins the host key, as hurdvm does on first contact
            }
            OpenSshCommand cmd = new OpenSshCommand(client.get(), new SshConfigBlock("demo", server.port(), key.privateKeyFile(), knownHosts));
            assertThat(run(cmd.argv("exit 7"), "")).isEqualTo("7:");
            assertThat(run(cmd.argv("kill -KILL $$"), "")).isEqualTo("137:");
            assertThat(run(cmd.argv("echo to-stderr >&2; exit 3"), "")).isEqualTo("3:to-stderr");
            assertThat(run(cmd.argv("tr a-z A-Z"), "piped in")).isEqualTo("0:PIPED IN");
            assertThat(run(cmd.argv("echo \"two  spaces\" '$HOME'"), "")).isEqualTo("0:two  spaces $HOME");
        }
        KeyPair otherHostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        try (LoopbackSshServer impostor = new LoopbackSshServer(otherHostKey, key.keyPair().getPublic(), null)) {
            OpenSshCommand cmd = new OpenSshCommand(client.get(), new SshConfigBlock("demo", impostor.port(), key.privateKeyFile(), knownHosts));
            assertThat(run(cmd.argv("echo reached"), "")).startsWith("255:").doesNotContain("reached");
        }
    }

    private static String run(List<String> argv, String stdin) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + out;
    }
}
