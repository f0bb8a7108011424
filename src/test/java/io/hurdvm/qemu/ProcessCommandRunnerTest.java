package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs real short-lived commands. */
class ProcessCommandRunnerTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void capturesExitCodeStdoutAndStderrSeparately() {
        CommandResult result = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.lastErrorLine()).isEqualTo("err");
    }

    @Test
    void stdinIsEmpty_soACommandReadingItDoesNotHang() {
        CommandResult result = runner.run(List.of("cat"), Duration.ofSeconds(10));
        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void commandRunningPastItsTimeout_isKilledAndReported() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Duration.ofMillis(300)))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("`sleep 30` did not finish within 300 ms and was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void missingBinary_isReportedByName() {
        assertThatThrownBy(() -> runner.run(List.of("/nonexistent/qemu-img", "info"), Duration.ofSeconds(5)))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageStartingWith("cannot run `/nonexistent/qemu-img info`");
    }
}
