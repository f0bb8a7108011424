package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./hurdvm ssh NAME -- CMD} without a JVM (the launcher runs the OpenSSH argv the first run
 * recorded in instances/NAME/ssh-fast, cli/SshFastPath). That the JVM did not run is shown by a JVM
 * option it refuses ({@code HURDVM_JAVA_OPTS}): with it, only the fast path can succeed. The fast
 * path passes exit codes, stdin and quoting through as the JVM's path does, and a file left by an
 * earlier supervisor is never used: after down and up again the launcher goes to the JVM.
 */
class SshFastPathIT {
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final String NO_JVM = "-XX:+HurdvmNoSuchJvmFlag";
    private HurdvmProcess hv;
    private Path noInput;

    @BeforeEach
    void setUp() throws Exception {
        hv = new HurdvmProcess();
        noInput = Files.writeString(hv.home().resolve("no-input"), "");
    }

    @AfterEach
    void tearDown() throws Exception {
        hv.close();
    }

    @Test
    void theSecondSshSkipsTheJvm_passesExitCodesStdinAndQuoting_andAnotherSupervisorsFileIsNotUsed() throws Exception {
        var up = hv.run(BOOT, "up", "vm", "--image", TestGuests.linuxGuest().toString(), "--memory", "256", "--timeout", "200s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        String quoting = "printf '%s|' \"a'b\" $((6*7)) '$HOME'";
        var slow = launcher("ssh", "vm", "--", quoting);
        assertThat(slow.exitCode()).as(slow.all()).isZero();
        Path file = hv.instanceDir("vm").resolve("ssh-fast");
        assertThat(file).as("recorded by the JVM's run").exists();

        hv.env("HURDVM_JAVA_OPTS", NO_JVM);
        var fast = launcher("ssh", "vm", "--", quoting);
        assertThat(fast.exitCode()).as(fast.all()).isZero();
        assertThat(fast.stdout()).isEqualTo(slow.stdout()).isEqualTo("a'b|42|$HOME|");
        assertThat(launcher("ssh", "vm", "--", "exit", "7").exitCode()).isEqualTo(7);
        Path input = Files.writeString(hv.home().resolve("input"), "line one\nit's two\n");
        var cat = hv.runThroughLauncher(input, "ssh", "vm", "--", "cat");
        assertThat(cat.exitCode()).as(cat.all()).isZero();
        assertThat(cat.stdout()).isEqualTo("line one\nit's two\n");
        var unknown = launcher("ssh", "nosuchvm", "--", "true");
        assertThat(unknown.exitCode()).as("no file, so the JVM, which cannot start: " + unknown.all()).isNotZero();
        assertThat(unknown.stderr()).contains("HurdvmNoSuchJvmFlag");

        hv.env("HURDVM_JAVA_OPTS", "");
        assertThat(hv.run("down", "vm").exitCode()).isZero();
        var stopped = launcher("ssh", "vm", "--", "true");
        assertThat(stopped.exitCode()).as(stopped.all()).isEqualTo(5);
        assertThat(stopped.stderr()).contains("instance vm is not running");
        assertThat(launcher("ssh", "nosuchvm", "--", "true").exitCode()).isEqualTo(3);
        var again = hv.run(BOOT, "up", "vm", "--timeout", "200s");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(file).as("the first supervisor's file, still there").exists();

        hv.env("HURDVM_JAVA_OPTS", NO_JVM);
        var stale = launcher("ssh", "vm", "--", "true");
        assertThat(stale.exitCode()).as("the first supervisor's file is not used: " + stale.all()).isNotZero();
        assertThat(stale.stderr()).contains("HurdvmNoSuchJvmFlag");
        hv.env("HURDVM_JAVA_OPTS", "");
        assertThat(launcher("ssh", "vm", "--", "true").exitCode()).isZero();
        hv.env("HURDVM_JAVA_OPTS", NO_JVM);
        assertThat(launcher("ssh", "vm", "--", "exit 3").exitCode()).as("recorded again for this supervisor").isEqualTo(3);
    }

    private HurdvmProcess.Result launcher(String... args) throws Exception {
        return hv.runThroughLauncher(noInput, args);
    }
}
