package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.console.RotatingLog;
import io.hurdvm.instance.InstanceStore;
import io.hurdvm.testing.ManualClock;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hurdvm logs} (the packaged jar) on a console log written and rotated by the supervisor's own
 * writer, {@link RotatingLog}, with its time index: one coloured line a minute over the last hour, each
 * half a minute past the minute (so that a second or two of test run time cannot move a line across
 * a --since boundary).
 */
class LogsIT {
    private static final int LINES = 60;

    private HurdvmProcess hv;

    @BeforeEach
    void writeConsoleLog() throws IOException {
        hv = new HurdvmProcess();
        VmSpec spec = VmSpec.builder(InstanceName.of("vm"), Path.of("/nonexistent/base.qcow2")).build();
        new InstanceStore(hv.home(), io.hurdvm.env.HostEnvironment.empty()).create(spec, (s, overlay) -> {
            try {
                Files.createFile(overlay);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Instant start = Instant.now().minus(Duration.ofMinutes(LINES)).plusSeconds(30);
        ManualClock clock = new ManualClock(start);
        try (RotatingLog log = new RotatingLog(hv.instanceDir("vm").resolve("console.log"), 512, 100, clock)) {
            for (int i = 0; i < LINES; i++) {
                log.append(("\u001b[0;32mline " + i + "\u001b[0m\u001b[6n\r\n").getBytes(StandardCharsets.UTF_8));
                clock.advance(Duration.ofMinutes(1));
            }
        }
        assertThat(hv.instanceDir("vm").resolve("console.log.2")).as("the log rotated").exists();
        assertThat(hv.instanceDir("vm").resolve("console.log.2.idx")).exists();
    }

    @AfterEach
    void tearDown() throws IOException {
        hv.close();
    }

    @Test
    void byDefault_everyLineAcrossRotatedFiles_withoutControlSequences() throws Exception {
        HurdvmProcess.Result r = hv.run("logs", "vm");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(lines(0, LINES - 1));
    }

    @Test
    void lastLines() throws Exception {
        assertThat(hv.run("logs", "vm", "-n", "3").stdout()).isEqualTo(lines(57, 59));
        assertThat(hv.run("logs", "vm", "--lines", "25").stdout()).isEqualTo(lines(35, 59));
        assertThat(hv.run("logs", "vm", "-n", "0").stdout()).isEmpty();
    }

    @Test
    void since_selectsByTheTimeIndex() throws Exception {
        assertThat(hv.run("logs", "vm", "--since", "10m").stdout()).isEqualTo(lines(50, 59));
        assertThat(hv.run("logs", "vm", "--since", "45m").stdout()).isEqualTo(lines(15, 59));
        assertThat(hv.run("logs", "vm", "--since", "2h").stdout()).isEqualTo(lines(0, 59));
        assertThat(hv.run("logs", "vm", "--since", "10m", "-n", "2").stdout()).isEqualTo(lines(58, 59));
        assertThat(hv.run("logs", "vm", "--since", "10s").stdout()).isEmpty();
    }

    @Test
    void raw_keepsTheBytes() throws Exception {
        HurdvmProcess.Result r = hv.run("logs", "vm", "--raw", "-n", "1");
        assertThat(r.stdout()).isEqualTo("\u001b[0;32mline 59\u001b[0m\u001b[6n\r\n");
    }

    @Test
    void badValues_areOneLineExit2() throws Exception {
        for (String[] args : new String[][] {{"--since", "soon"}, {"--since", "400d"}, {"-n", "-1"}, {"-n", "x"}}) {
            String[] full = new String[args.length + 2];
            full[0] = "logs";
            full[1] = "vm";
            System.arraycopy(args, 0, full, 2, args.length);
            HurdvmProcess.Result r = hv.run(full);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.stderr()).isEqualTo(2);
            assertThat(r.stderr().lines().count()).as(r.stderr()).isEqualTo(1);
            assertThat(r.stdout()).isEmpty();
        }
    }

    private static String lines(int first, int last) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i <= last; i++) {
            sb.append("line ").append(i).append('\n');
        }
        return sb.toString();
    }
}
