package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.secret.Secret;
import io.hurdvm.secret.SshKeyPair;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real SSH server (MINA's SshServer) on loopback. */
class GuestSshTest {
    private static final Duration T = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    private SshKeyPair clientKey;
    private KeyPair hostKey;
    private LoopbackSshServer server;
    private Path knownHosts;

    @BeforeEach
    void start() throws Exception {
        clientKey = SshKeyPair.loadOrCreate(tmp.resolve("secrets"), "hurdvm@demo");
        hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        server = new LoopbackSshServer(hostKey, clientKey.keyPair().getPublic(), Secret.of("pw-for-tests"));
        knownHosts = tmp.resolve("known_hosts");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private GuestSsh connect(int port) {
        return GuestSsh.connect(SshTarget.withKey("demo", port, clientKey, knownHosts), T, T);
    }

    @Test
    void firstContact_pinsTheHostKeyUnderTheInstanceAlias() throws Exception {
        try (GuestSsh ssh = connect(server.port())) {
            assertThat(ssh.run("true", T)).isZero();
        }
        assertThat(Files.readString(knownHosts)).startsWith("hurdvm-demo ssh-ed25519 AAAA");
        assertThat(new KnownHostsFile(knownHosts).keysFor("hurdvm-demo")).hasSize(1);

        // Same key again (even on another port): accepted, nothing added.
        try (GuestSsh ssh = connect(server.port())) {
            assertThat(ssh.run("true", T)).isZero();
        }
        assertThat(Files.readAllLines(knownHosts)).hasSize(1);
    }

    @Test
    void changedHostKey_isRefusedWithInstructions_untilThePinIsReset() throws Exception {
        try (GuestSsh ssh = connect(server.port())) {
            ssh.run("true", T);
        }
        KeyPair otherKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        try (LoopbackSshServer impostor = new LoopbackSshServer(otherKey, clientKey.keyPair().getPublic(), null)) {
            assertThatThrownBy(() -> connect(impostor.port()))
                    .isInstanceOf(HostKeyChangedException.class)
                    .hasMessage("host key for demo changed (" + KeyUtils.getFingerPrint(otherKey.getPublic())
                            + ") — if the guest was reinstalled, run 'hurdvm ssh demo --reset-host-key'");

            new KnownHostsFile(knownHosts).remove(KnownHostsFile.aliasFor("demo"));
            try (GuestSsh ssh = connect(impostor.port())) {
                assertThat(ssh.run("true", T)).isZero();
            }
        }
    }

    @Test
    void exec_passesExitStatusAndBothOutputStreamsThrough() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (GuestSsh ssh = connect(server.port())) {
            int status = ssh.exec("echo to-out; echo to-err >&2; exit 7", out, err, T);
            assertThat(status).isEqualTo(7);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("to-out\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("to-err\n");
    }

    @Test
    void exec_streamsStdinToTheCommand_andClosesItAtTheEnd() {
        byte[] data = new byte[3 << 20];
        new java.security.SecureRandom().nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GuestSsh ssh = connect(server.port())) {
            int status = ssh.exec("cat", new java.io.ByteArrayInputStream(data), out, new ByteArrayOutputStream(), T);
            assertThat(status).isZero();
        }
        assertThat(out.toByteArray()).as("binary data through cat").isEqualTo(data);
    }

    @Test
    void exec_withoutStdin_givesTheCommandEndOfInputAtOnce() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GuestSsh ssh = connect(server.port())) {
            assertThat(ssh.exec("cat; echo done", out, new ByteArrayOutputStream(), T)).isZero();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("done\n");
    }

    @Test
    void exec_ofACommandThatIgnoresStdin_endsWhileStdinStaysOpen() throws Exception {
        // Like a terminal nobody types into: the read never returns, and must not hold the command.
        try (java.io.PipedOutputStream neverWritten = new java.io.PipedOutputStream();
             java.io.PipedInputStream stdin = new java.io.PipedInputStream(neverWritten);
             GuestSsh ssh = connect(server.port())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ssh.exec("echo ran; exit 4", stdin, out, new ByteArrayOutputStream(), T)).isEqualTo(4);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ran\n");
        }
    }

    @Test
    void exec_ofACommandEndedBySignal_gives128PlusItsNumber() {
        // /bin/sh reports the signal as 128+n itself; ExitSignals covers an SSH exit-signal message.
        try (GuestSsh ssh = connect(server.port())) {
            assertThat(ssh.run("kill -TERM $$", T)).isEqualTo(143);
        }
        assertThat(ExitSignals.exitCode("TERM")).isEqualTo(143);
        assertThat(ExitSignals.exitCode("KILL")).isEqualTo(137);
        assertThat(ExitSignals.exitCode("SIGINT")).isEqualTo(130);
        assertThat(ExitSignals.exitCode("BOGUS")).isEqualTo(255);
    }

    @Test
    void exec_thatOutlivesItsTimeout_failsPromptly() {
        try (GuestSsh ssh = connect(server.port())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> ssh.run("sleep 30", Duration.ofMillis(500)))
                    .isInstanceOf(GuestSshException.class)
                    .hasMessage("command did not finish within 500ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void passwordAuthentication_works_andAWrongPasswordIsRefused() {
        try (GuestSsh ssh = GuestSsh.connect(SshTarget.withPassword("demo", server.port(), "root",
                Secret.of("pw-for-tests"), knownHosts), T, T)) {
            assertThat(ssh.run("exit 3", T)).isEqualTo(3);
        }
        assertThatThrownBy(() -> GuestSsh.connect(SshTarget.withPassword("demo", server.port(), "root",
                Secret.of("wrong"), knownHosts), T, T))
                .isInstanceOf(GuestSshException.class)
                .hasMessageStartingWith("cannot SSH to demo (root@127.0.0.1:" + server.port() + "):")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void nothingListening_failsWithOneClearLine() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> connect(port))
                .isInstanceOf(GuestSshException.class)
                .hasMessageStartingWith("cannot SSH to demo (root@127.0.0.1:" + port + "):")
                .hasMessageEndingWith("is the guest up and provisioned?");
    }
}
