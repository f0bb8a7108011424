package io.hurdvm.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import io.hurdvm.time.Backoff;
import io.hurdvm.time.Deadline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void aProcessThatRuns_isRunning() {
        assertThat(ProcStat.isRunning(ProcessHandle.current())).isTrue();
    }

    /**
     * A zombie is what a supervisor becomes when the CLI that started it handed it over to a parent
     * that never reaps (PID 1 of many containers): ProcessHandle says alive, hurdvm must say ended.
     */
    @Test
    void aZombieThatNobodyReaps_isNotRunning_thoughProcessHandleCallsItAlive() throws Exception {
        // sh starts `true` in the background, prints its pid and becomes `sleep`, which never reaps it.
        Process parent = new ProcessBuilder("sh", "-c", "true & echo $!; exec sleep 30").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            long zombie = Long.parseLong(out.readLine().trim());
            ProcessHandle handle = ProcessHandle.of(zombie).orElseThrow();
            Deadline deadline = Deadline.after(Duration.ofSeconds(10));
            Backoff backoff = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));
            while (ProcStat.isRunning(handle) && !deadline.passed()) {
                backoff.pause(deadline);
            }
            assertThat(handle.isAlive()).as("the JDK's view of a zombie").isTrue();
            assertThat(ProcStat.isRunning(handle)).isFalse();
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }
}
