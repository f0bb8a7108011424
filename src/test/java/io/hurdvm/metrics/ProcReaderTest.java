package io.hurdvm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.metrics.ProcReader.ProcessUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcReaderTest {
    @TempDir Path proc;

    /** A QEMU stat line as Linux writes it: utime=2500 and stime=1500 ticks, parent 4242. */
    private static final String QEMU_STAT = "31337 (hurdvm-web) S 4242 31337 31337 0 -1 4194624 161384 0 0 0 2500 1500 0 0 20 0 "
            + "5 0 123456 2765373440 131137 18446744073709551615 1 1 0 0 0 0 0 4096 17987 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

    @Test
    void usage_sumsUserAndSystemTicks_andReadsResidentKibibytes() throws IOException {
        fakeProcess(31337, QEMU_STAT, "Name:\thurdvm-web\nVmPeak:\t 2700560 kB\nVmRSS:\t  524544 kB\nThreads:\t5\n");

        ProcessUsage u = new ProcReader(proc, 100).usage(31337).orElseThrow();

        assertThat(u.cpuSeconds()).isEqualTo(40.0);
        assertThat(u.residentBytes()).isEqualTo(524544L * 1024);
        assertThat(u.parentPid()).isEqualTo(4242);
    }

    @Test
    void usage_honoursTheClockTickRate() throws IOException {
        fakeProcess(31337, QEMU_STAT, "VmRSS:\t1 kB\n");

        assertThat(new ProcReader(proc, 250).usage(31337).orElseThrow().cpuSeconds()).isEqualTo(16.0);
    }

    @Test
    void usage_parsesACommandNameWithSpacesAndParentheses() throws IOException {
        String stat = QEMU_STAT.replace("(hurdvm-web)", "(a) b (c))");
        fakeProcess(7, stat, "VmRSS:\t 8 kB\n");

        ProcessUsage u = new ProcReader(proc, 100).usage(7).orElseThrow();

        assertThat(u.parentPid()).isEqualTo(4242);
        assertThat(u.cpuSeconds()).isEqualTo(40.0);
    }

    @Test
    void usage_ofAProcessWithoutVmRss_isZeroResident() throws IOException {
        fakeProcess(2, QEMU_STAT, "Name:\tkthreadd\nState:\tS (sleeping)\n");

        assertThat(new ProcReader(proc, 100).usage(2).orElseThrow().residentBytes()).isZero();
    }

    @Test
    void usage_ofAGoneProcess_isEmpty() {
        assertThat(new ProcReader(proc, 100).usage(424242)).isEmpty();
        assertThat(new ProcReader(proc, 100).usage(0)).isEmpty();
    }

    @Test
    void usage_ofATruncatedStatLine_namesTheMissingField() throws IOException {
        fakeProcess(9, "9 (qemu) S 1 9 9\n", "VmRSS:\t 8 kB\n");

        assertThatThrownBy(() -> new ProcReader(proc, 100).usage(9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no field 14");
    }

    @Test
    void usage_ofThisJvmOnTheRealProc_matchesWhatTheJdkSees() {
        ProcessHandle self = ProcessHandle.current();
        burnCpu();

        ProcessUsage u = ProcReader.forHost().usage(self.pid()).orElseThrow();

        assertThat(u.parentPid()).isEqualTo(self.parent().orElseThrow().pid());
        assertThat(u.residentBytes()).isGreaterThan(10L * 1024 * 1024);
        Duration jdk = self.info().totalCpuDuration().orElseThrow();
        // Both read the same kernel counters; the JDK's figure is taken a moment later.
        assertThat(u.cpuSeconds()).isPositive().isLessThanOrEqualTo(jdk.toMillis() / 1000.0 + 0.5);
    }

    @Test
    void clockTicks_onThisHost_isWhatGetconfSays() throws Exception {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        long getconf = Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());

        assertThat(ClockTicks.perSecond()).isEqualTo(getconf);
    }

    private void fakeProcess(long pid, String stat, String status) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), stat);
        Files.writeString(dir.resolve("status"), status);
    }

    private static volatile long sink;

    private static void burnCpu() {
        long x = 0;
        for (long i = 0; i < 50_000_000L; i++) {
            x += i ^ (x >>> 3);
        }
        sink = x;
    }
}
