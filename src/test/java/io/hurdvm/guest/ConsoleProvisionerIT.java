package io.hurdvm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hurdvm.console.ExpectSession;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.secret.PasswordGenerator;
import io.hurdvm.secret.RootPassword;
import io.hurdvm.secret.RootPasswordOrigin;
import io.hurdvm.secret.RootPasswordSource;
import io.hurdvm.secret.Secret;
import io.hurdvm.secret.SshKeyPair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the real Linux test guest under QEMU/TCG: it offers "login:" on the serial port with
 * an empty root password and runs dropbear, which refuses empty passwords — like stock Debian GNU/Hurd.
 */
class ConsoleProvisionerIT {
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final ProvisioningTimeouts FAST_RESEND =
            new ProvisioningTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(90), Duration.ofSeconds(2));
    private static final Duration SSH = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void provisioning_makesKeyAndPasswordSshWork_isIdempotent_andLeaksNoSecret() throws Exception {
        Optional<Path> image = QemuLinuxGuest.image();
        Assumptions.assumeTrue(image.isPresent(), "Linux test guest image not built: run guests/build-linux-guest.sh"
                + " (looked in $HURDVM_GUEST_CACHE or .cache/guests for linux-guest.qcow2)");
        InstancePaths instance = InstancePaths.forDir(tmp.resolve("it"));
        Files.createDirectories(instance.dir());
        RootPassword password = new RootPasswordSource(Optional.empty(), Map.of(), tmp.resolve("no-run-secrets"),
                instance.secretsDir(), new PasswordGenerator()).resolve();
        assertThat(password.origin()).isEqualTo(RootPasswordOrigin.GENERATED);
        SshKeyPair key = SshKeyPair.forInstance(instance);
        Path record = ProvisioningRecord.fileIn(instance.dir());
        Path socketDir = Files.createTempDirectory(Path.of("/tmp"), "hv");

        try (QemuLinuxGuest guest = QemuLinuxGuest.boot(image.get(), tmp, socketDir);
             ExpectSession console = ExpectSession.connect(guest.serialSocket(), Duration.ofSeconds(30))) {
            console.expect(ConsoleLogin.LOGIN_PROMPT, BOOT);

            assertThat(passwordSsh(guest.sshPort(), "")).as("empty root password over SSH before provisioning")
                    .contains("Permission denied");

            ProvisioningRecord first = ConsoleProvisioner.forInstance(console, instance, password.secret(), key).provision();
            assertThat(first.steps()).containsExactly(ProvisioningStep.values());
            assertThat(first.guestKind()).isEqualTo(GuestKind.LINUX);
            assertThat(first.sshServer()).isEqualTo(SshServerKind.DROPBEAR);
            assertThat(ProvisioningRecord.readFrom(record)).contains(first);

            try (GuestSsh ssh = GuestSsh.connect(SshTarget.forInstance(instance, guest.sshPort(), key), SSH, SSH)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertThat(ssh.exec("uname -a", out, new ByteArrayOutputStream(), SSH)).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8)).contains("Linux");

                ByteArrayOutputStream screen = new ByteArrayOutputStream();
                int status = ssh.shell(new ByteArrayInputStream("echo shell-$((40+2)); exit 3\n".getBytes(StandardCharsets.UTF_8)),
                        screen, screen, "vt100", 80, 24);
                assertThat(status).isEqualTo(3);
                assertThat(screen.toString(StandardCharsets.UTF_8)).contains("shell-42");
            }
            assertThat(new KnownHostsFile(instance.knownHosts()).keysFor("hurdvm-it")).hasSize(1);
            assertThat(passwordSsh(guest.sshPort(), password.secret().reveal())).contains("password-login-ok");

            ProvisioningRecord again = new ConsoleProvisioner(console, password.secret(), key.publicKeyLine(), record,
                    FAST_RESEND, Clock.systemUTC()).provision();
            assertThat(again.foundProvisioned()).isTrue();
            assertThat(ProvisioningRecord.readFrom(record)).contains(first);

            String secret = password.secret().reveal();
            assertThat(console.transcript().dialogue()).doesNotContain(secret).contains("HVE");
            assertThat(console.transcript().consoleText()).doesNotContain(secret);
            String raw = Files.readString(guest.rawConsoleLog(), StandardCharsets.ISO_8859_1);
            assertThat(raw).as("raw serial output").contains("login:").doesNotContain(secret).doesNotContain("chpasswd");
        }
        assertThat(filesContaining(tmp, password.secret())).containsExactly(password.file());
        assertThat(filesContaining(socketDir, password.secret())).isEmpty();
    }

    /**
     * Password login with the real OpenSSH client through sshpass; the password travels in the
     * SSHPASS environment variable (never argv). Retries while the guest's sshd is not up yet.
     */
    private static String passwordSsh(int port, String pass) throws Exception {
        long deadline = System.nanoTime() + BOOT.toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            ProcessBuilder pb = new ProcessBuilder("sshpass", "-e", "ssh", "-F", "/dev/null",
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                    "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
                    "-o", "NumberOfPasswordPrompts=1", "-o", "ConnectTimeout=20",
                    "-p", String.valueOf(port), "root@127.0.0.1", "echo password-login-ok").redirectErrorStream(true);
            pb.environment().put("SSHPASS", pass);
            Process p = pb.start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            // 0: logged in; 5: sshpass saw the password refused. Anything else: sshd not reachable yet.
            if (p.exitValue() == 0 || p.exitValue() == 5 || out.contains("Permission denied")) {
                return p.exitValue() == 5 && !out.contains("Permission denied") ? out + " Permission denied" : out;
            }
            // QEMU forwards the port before the guest listens; the next try after a short pause.
            TimeUnit.SECONDS.sleep(2);
        }
        return fail("guest SSH not reachable within " + BOOT + "; last output: " + out);
    }

    private static List<Path> filesContaining(Path dir, Secret secret) throws Exception {
        byte[] needle = secret.utf8();
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(f), needle) >= 0) {
                    hits.add(f);
                }
            }
        }
        return hits;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
