package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.secret.SshKeyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigBlockTest {
    @TempDir
    Path tmp;

    @Test
    void render_producesACompleteHostBlock() {
        SshConfigBlock block = new SshConfigBlock("demo", 2222, Path.of("/i/demo/secrets/id_ed25519"), Path.of("/i/demo/known_hosts"));
        assertThat(block.render()).isEqualTo("""
                Host hurdvm-demo
                  HostName 127.0.0.1
                  Port 2222
                  User root
                  IdentityFile /i/demo/secrets/id_ed25519
                  IdentitiesOnly yes
                  UserKnownHostsFile /i/demo/known_hosts
                  StrictHostKeyChecking yes
                  HostKeyAlias hurdvm-demo
                """);
    }

    @Test
    void pathsWithSpaces_areQuoted() {
        SshConfigBlock block = new SshConfigBlock("demo", 22, Path.of("/my vms/id"), Path.of("/my vms/kh"));
        assertThat(block.render()).contains("IdentityFile \"/my vms/id\"").contains("UserKnownHostsFile \"/my vms/kh\"");
    }

    /** The block, our key file and the known_hosts pinned by hurdvm all work with the real OpenSSH client. */
    @Test
    void openSshClient_usesTheBlock_andTheHostKeyHurdvmPinned() throws Exception {
        SshKeyPair key = SshKeyPair.loadOrCreate(tmp.resolve("secrets"), "hurdvm@demo");
        Path knownHosts = tmp.resolve("known_hosts");
        KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        try (LoopbackSshServer server = new LoopbackSshServer(hostKey, key.keyPair().getPublic(), null)) {
            try (GuestSsh ssh = GuestSsh.connect(SshTarget.withKey("demo", server.port(), key, knownHosts),
                    Duration.ofSeconds(15), Duration.ofSeconds(15))) {
                ssh.run("true", Duration.ofSeconds(15));
            }
            Path config = tmp.resolve("ssh_config");
            Files.writeString(config, new SshConfigBlock("demo", server.port(), key.privateKeyFile(), knownHosts).render());

            assertThat(openSsh(config, "hurdvm-demo", "echo hello-from-$((40+2))")).isEqualTo("0:hello-from-42");
        }
        KeyPair otherHostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        try (LoopbackSshServer impostor = new LoopbackSshServer(otherHostKey, key.keyPair().getPublic(), null)) {
            Path config = tmp.resolve("ssh_config2");
            Files.writeString(config, new SshConfigBlock("demo", impostor.port(), key.privateKeyFile(), knownHosts).render());
            assertThat(openSsh(config, "hurdvm-demo", "true")).startsWith("255:");
        }
    }

    @Test
    void invalidPort_isRejected() {
        assertThatThrownBy(() -> new SshConfigBlock("demo", 0, Path.of("/k"), Path.of("/h")))
                .hasMessage("invalid SSH port 0: use 1-65535");
    }

    private static String openSsh(Path config, String host, String command) throws Exception {
        Process p = new ProcessBuilder(List.of("ssh", "-F", config.toString(), "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=15", host, command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + out;
    }
}
