package io.hurdvm.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // sh starts cat in the background, prints its pid and becomes `sleep`, which never reaps it.
        // cat ends only when we close its input, after the exec: had it ended before, sh could have
        // reaped it (and then there is no zombie to look at).
        Process parent = new ProcessBuilder("sh", "-c", "exec 3<&0; cat <&3 >/dev/null & echo $!; exec sleep 30 3<&-").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            long zombie = Long.parseLong(out.readLine().trim());
            ProcessHandle handle = ProcessHandle.of(zombie).orElseThrow();
            Deadline deadline = Deadline.after(Duration.ofSeconds(10));
            Backoff backoff = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));
            Path parentName = Path.of("/proc", Long.toString(parent.pid()), "comm");
            while (!Files.readString(parentName).strip().equals("sleep") && !deadline.passed()) {
                backoff.pause(deadline);
            }
            parent.getOutputStream().close();
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
