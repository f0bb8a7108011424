package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.InstanceState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 3 on the real Linux test guest: no hard-coded credentials, SSH that really works, no leaks. */
class GuestAccessIT {
    private HurdvmProcess hv;

    @BeforeEach
    void setUp() throws IOException {
        hv = new HurdvmProcess();
    }

    @AfterEach
    void tearDown() throws IOException {
        hv.close();
    }

    @Test
    void upWaitSsh_provisionsFromThePasswordFile_andTheSecretLeaksNowhere() throws Exception {
        String password = "hv-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Path pwFile = hv.home().resolve("pw.txt");
        Files.writeString(pwFile, password + "\n");

        var up = hv.run(Duration.ofMinutes(5), "up", "g1", "--image", TestGuests.linuxGuest().toString(), "--memory", "512",
                "--wait", "ssh", "--timeout", "240s", "--root-password-file", pwFile.toString());
        assertThat(up.exitCode()).as(up.all()).isZero();
        List<String> seen = new ArrayList<>(List.of(up.all()));

        var uname = hv.run("ssh", "g1", "--", "uname", "-a");
        assertThat(uname.exitCode()).as(uname.all()).isZero();
        assertThat(uname.stdout()).contains("Linux hurdvm-test");
        assertThat(hv.run("ssh", "g1", "--", "exit 7").exitCode()).isEqualTo(7);

        byte[] data = new byte[1 << 20];
        new SecureRandom().nextBytes(data);
        Path src = hv.home().resolve("random.bin");
        Files.write(src, data);
        assertThat(hv.run("cp", src.toString(), "g1:/root/random.bin").exitCode()).isZero();
        Path back = hv.home().resolve("back.bin");
        assertThat(hv.run("cp", "g1:/root/random.bin", back.toString()).exitCode()).isZero();
        assertThat(LifecycleIT.sha256(back)).isEqualTo(LifecycleIT.sha256(src));

        InstanceState s = hv.state("g1");
        assertThat(PasswordLogin.works(s.sshPort(), password)).as("sshd accepts the password from the file").isTrue();
        assertThat(PasswordLogin.works(s.sshPort(), "")).as("empty password refused").isFalse();

        var status = hv.run("status", "g1", "--output", "json");
        seen.add(status.all());
        seen.add(hv.run("list", "--output", "json").all());
        seen.add(hv.run("logs", "g1").all());
        seen.add(hv.run("logs", "g1", "--supervisor").all());
        seen.add(cmdline(s.supervisorPid()));
        seen.add(cmdline(s.qemuPid()));
        seen.add(environ(s.qemuPid()));
        assertThat(seen).noneMatch(text -> text.contains(password));
        assertThat(filesContaining(hv.instanceDir("g1"), password))
                .as("only the instance's own secret file holds the password")
                .containsExactly(hv.instanceDir("g1").resolve("secrets/root_password"));

        assertThat(hv.run("secret", "show", "g1").stdout().strip()).isEqualTo(password);
    }

    @Test
    void wrongOrEmptyPasswordFile_isOneLineError_andNothingIsCreated() throws Exception {
        var missing = hv.run("up", "g2", "--image", TestGuests.linuxGuest().toString(), "--root-password-file", "/nonexistent/pw");
        assertThat(missing.exitCode()).as(missing.all()).isEqualTo(2);
        assertThat(missing.stderr().strip().lines()).hasSize(1).first().asString().contains("/nonexistent/pw");

        Path empty = hv.home().resolve("empty.txt");
        Files.writeString(empty, "");
        var emptyRun = hv.run("up", "g2", "--image", TestGuests.linuxGuest().toString(), "--root-password-file", empty.toString());
        assertThat(emptyRun.exitCode()).as(emptyRun.all()).isEqualTo(2);
        assertThat(emptyRun.stderr()).contains("empty");
        assertThat(Files.exists(hv.instanceDir("g2"))).isFalse();
    }

    @Test
    void guestWithoutLoginPrompt_timesOutNamingTheCause_andIsNotMarkedProvisioned() throws Exception {
        var up = hv.run("up", "g3", "--image", TestGuests.gnumachIso().toString(), "--memory", "256", "--restart", "never",
                "--wait", "ssh", "--timeout", "30s");
        assertThat(up.exitCode()).as(up.all()).isIn(4, 5);
        // GNU Mach without a Hurd panics at once: the wait ends then, naming the panic, instead of at the timeout.
        assertThat(up.stdout()).containsAnyOf("no login prompt on the serial console", "the guest kernel panicked", "failed");
        assertThat(Files.exists(hv.instanceDir("g3").resolve("provisioned.json"))).isFalse();
    }

    @Test
    void down_usesPoweroffOverSsh_whenTheGuestIgnoresAcpi() throws Exception {
        var up = hv.run(Duration.ofMinutes(5), "up", "g4", "--image", TestGuests.linuxGuestIgnoringAcpi().toString(),
                "--memory", "512", "--wait", "ssh", "--timeout", "240s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        var down = hv.run("down", "g4", "--timeout", "10s");
        assertThat(down.exitCode()).as(down.all()).isZero();
        assertThat(down.stdout()).contains("stopped (guest-poweroff)");
    }

    private static String cmdline(long pid) throws IOException {
        Path f = Path.of("/proc", String.valueOf(pid), "cmdline");
        return Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8).replace('\0', ' ') : "";
    }

    private static String environ(long pid) throws IOException {
        Path f = Path.of("/proc", String.valueOf(pid), "environ");
        return Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8) : "";
    }

    private static List<Path> filesContaining(Path dir, String needle) throws IOException {
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (Files.size(f) < 64L << 20 && new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(needle)) {
                    hits.add(f);
                }
            }
        }
        return hits;
    }
}
