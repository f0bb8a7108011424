package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.guest.copy.TestTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 11, stdin and copies, on the Hurd-like test guest (no SFTP server, ACPI ignored): what a
 * CI script does with {@code hurdvm ssh} and {@code hurdvm cp}. One guest for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestFileTransferIT {
    private static final Duration COMMAND = Duration.ofMinutes(3);

    private HurdvmProcess hv;

    @BeforeAll
    void up() throws Exception {
        Path image = TestGuests.linuxGuestHurdLike();
        hv = new HurdvmProcess();
        var up = hv.run(Duration.ofMinutes(5), "up", "vm", "--image", image.toString(), "--memory", "512",
                "--wait", "ssh", "--timeout", "240s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        var noSftp = hv.run("ssh", "vm", "--", "test", "-e", "/usr/lib/sftp-server");
        assertThat(noSftp.exitCode()).as("the guest really has no SFTP server: " + noSftp.all()).isEqualTo(1);
    }

    @AfterAll
    void down() throws IOException {
        if (hv != null) {
            hv.close();
        }
    }

    @Test
    void tenMebibytesThroughStdin_arriveIntact_andComeBackBinarySafe() throws Exception {
        byte[] data = new byte[10 << 20];
        new SecureRandom().nextBytes(data);
        Path input = Files.write(hv.home().resolve("10MiB.bin"), data);

        Result sum = run(input, "ssh", "vm", "--", "sha256sum");
        assertThat(sum.exitCode()).as(sum.stderrText()).isZero();
        assertThat(sum.stdoutText()).startsWith(TestTrees.sha256(data) + " ");

        Result echo = run(input, "ssh", "vm", "--", "cat");
        assertThat(echo.exitCode()).as(echo.stderrText()).isZero();
        assertThat(TestTrees.sha256(echo.stdout())).as("10 MiB through cat and back, byte for byte").isEqualTo(TestTrees.sha256(data));
        assertThat(echo.stderrText()).isEmpty();
    }

    @Test
    void echoHi_throughCat_printsHi() throws Exception {
        Path input = Files.writeString(hv.home().resolve("hi.txt"), "hi\n");
        Result r = run(input, "ssh", "vm", "--", "cat");
        assertThat(r.exitCode()).as(r.stderrText()).isZero();
        assertThat(r.stdoutText()).isEqualTo("hi\n");
    }

    @Test
    void withoutStdin_orWhenTheCommandIgnoresIt_sshReturnsPromptly() throws Exception {
        Result cat = run(Path.of("/dev/null"), "ssh", "vm", "--", "cat");
        assertThat(cat.exitCode()).as(cat.stderrText()).isZero();
        assertThat(cat.stdout()).isEmpty();

        // stdin stays open and silent, like a terminal nobody types into: 'true' must still end it.
        ProcessBuilder pb = cli("ssh", "vm", "--", "true").redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (OutputStream keptOpen = p.getOutputStream()) {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("hurdvm ssh ended while its stdin was still open").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void exitCodes_andSignals_arePassedThrough() throws Exception {
        assertThat(run(Path.of("/dev/null"), "ssh", "vm", "--", "exit 7").exitCode()).isEqualTo(7);
        assertThat(run(Path.of("/dev/null"), "ssh", "vm", "--", "kill -KILL $$").exitCode()).isEqualTo(137);
    }

    @Test
    void tarPipedIntoSsh_unpacksInTheGuest() throws Exception {
        Path src = TestTrees.sample(hv.home().resolve("tar-src"));
        Path archive = hv.home().resolve("tree.tar");
        Process tar = new ProcessBuilder("tar", "-c", "-f", archive.toString(), "-C", src.toString(), ".").inheritIO().start();
        assertThat(tar.waitFor()).isZero();

        assertThat(run(Path.of("/dev/null"), "ssh", "vm", "--", "mkdir -p /root/unpacked").exitCode()).isZero();
        Result x = run(archive, "ssh", "vm", "--", "tar", "x", "-C", "/root/unpacked");
        assertThat(x.exitCode()).as(x.stderrText()).isZero();

        Path back = hv.home().resolve("tar-back");
        Result cp = run(Path.of("/dev/null"), "cp", "vm:/root/unpacked", back.toString());
        assertThat(cp.exitCode()).as(cp.stderrText()).isZero();
        assertThat(TestTrees.describe(back)).isEqualTo(TestTrees.describe(src));
    }

    @Test
    void cpOfAFileAndATree_bothWays_withoutSftp_isExact_andSilent() throws Exception {
        byte[] data = new byte[1 << 20];
        new SecureRandom().nextBytes(data);
        Path file = Files.write(hv.home().resolve("random.bin"), data);
        Path src = TestTrees.sample(hv.home().resolve("src"));

        List<Result> runs = new ArrayList<>();
        runs.add(run(Path.of("/dev/null"), "cp", file.toString(), "vm:/root/random.bin"));
        runs.add(run(Path.of("/dev/null"), "cp", src.toString(), "vm:/root/"));            // into /root: /root/src
        runs.add(run(Path.of("/dev/null"), "cp", src.toString(), "vm:/root/src-copy"));    // becomes /root/src-copy
        Path back = Files.createDirectories(hv.home().resolve("back"));
        runs.add(run(Path.of("/dev/null"), "cp", "vm:/root/random.bin", back.resolve("random.bin").toString()));
        runs.add(run(Path.of("/dev/null"), "cp", "vm:/root/src", back.toString()));         // into back: back/src
        runs.add(run(Path.of("/dev/null"), "cp", "vm:/root/src-copy", back.resolve("copy").toString()));
        for (Result r : runs) {
            assertThat(r.exitCode()).as(r.stderrText()).isZero();
            assertThat(r.stderrText()).as("no library warnings, no noise").isEmpty();
        }

        assertThat(TestTrees.sha256(Files.readAllBytes(back.resolve("random.bin")))).isEqualTo(TestTrees.sha256(data));
        assertThat(TestTrees.describe(back.resolve("src"))).isEqualTo(TestTrees.describe(src));
        assertThat(TestTrees.describe(back.resolve("copy"))).isEqualTo(TestTrees.describe(src));
        Result modes = run(Path.of("/dev/null"), "ssh", "vm", "--", "stat -c '%a %n' /root/src/run.sh; readlink /root/src/link-to-a");
        assertThat(modes.stdoutText()).isEqualTo("750 /root/src/run.sh\na.txt\n");
    }

    @Test
    void cpErrors_areOneLineNamingTheCause() throws Exception {
        Result missing = run(Path.of("/dev/null"), "cp", "vm:/root/does-not-exist", hv.home().resolve("x").toString());
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.stderrText()).isEqualTo("hurdvm: no such file or directory in the guest: vm:/root/does-not-exist\n");

        Path file = Files.writeString(hv.home().resolve("f.txt"), "x");
        Result noDir = run(Path.of("/dev/null"), "cp", file.toString(), "vm:/no/such/dir/f.txt");
        assertThat(noDir.exitCode()).isEqualTo(2);
        assertThat(noDir.stderrText()).isEqualTo("hurdvm: cannot copy to vm:/no/such/dir/f.txt: no such directory vm:/no/such/dir\n");
        assertThat(hv.home().resolve("x")).doesNotExist();
    }

    // --- helpers -------------------------------------------------------------------------------

    record Result(int exitCode, byte[] stdout, byte[] stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    /** hurdvm with this test's home, as a user runs it in a shell pipeline. */
    private ProcessBuilder cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", HurdvmProcess.jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HURDVM_HOME", hv.home().toString());
        return pb;
    }

    /** Runs hurdvm with stdin from {@code input}; stdout and stderr kept as bytes. */
    private Result run(Path input, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(hv.home(), "out", ".bin");
        Path err = Files.createTempFile(hv.home(), "err", ".txt");
        Process p = cli(args).redirectInput(input.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("hurdvm " + String.join(" ", args) + " did not finish within " + COMMAND
                        + "; stderr: " + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
