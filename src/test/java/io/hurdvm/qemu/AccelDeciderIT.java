package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.vm.Accel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real probe on this host. Here /dev/kvm exists but is nested and far slower than TCG, so
 * {@code auto} must end on TCG with the measurement in the reason; on a host without /dev/kvm the
 * reason says so. The KVM run is bounded by its deadline (at most 15 s, normally 3-4 s).
 */
class AccelDeciderIT {
    @TempDir
    Path dir;

    @Test
    void auto_onThisHost_choosesTcg_andNamesTheMeasurement() {
        Path cacheFile = dir.resolve("accel-probe.json");
        AccelDecision decision = AccelDecider.forHost(QemuCommandBuilder.DEFAULT_BINARY, cacheFile, System.getenv("PATH")).decide(Accel.AUTO);

        assertThat(decision.chosen()).isEqualTo(Accel.TCG);
        assertThat(decision.reason()).isNotBlank();
        if (Files.exists(Path.of("/dev/kvm"))) {
            assertThat(decision.reason()).startsWith("kvm present but").contains("tcg ").contains("measured ");
            assertThat(cacheFile).exists();
            // The second decision comes from the cache: same reason, no QEMU run.
            long start = System.nanoTime();
            assertThat(AccelDecider.forHost(QemuCommandBuilder.DEFAULT_BINARY, cacheFile, System.getenv("PATH")).decide(Accel.AUTO)).isEqualTo(decision);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        } else {
            assertThat(decision.reason()).contains("missing");
        }
    }

    @Test
    void seaBiosBenchmark_underTcg_reachesItsMilestoneWellWithinTheDeadline() {
        BenchmarkRun run = new SeaBiosBenchmark(QemuCommandBuilder.DEFAULT_BINARY).run(Accel.TCG, Duration.ofSeconds(15));
        assertThat(run.failure()).isEmpty();
        assertThat(run.elapsed()).hasValueSatisfying(d -> assertThat(d).isLessThan(Duration.ofSeconds(15)));
    }

    @Test
    void seaBiosBenchmark_reportsQemusComplaintWhenItCannotRun() {
        BenchmarkRun run = new SeaBiosBenchmark("/bin/false").run(Accel.TCG, Duration.ofSeconds(5));
        assertThat(run.finished()).isFalse();
        assertThat(run.failure()).contains("QEMU exited without a message");
    }
}
