package io.hurdvm.metrics;

import io.hurdvm.storage.backup.BackupStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `promtool check metrics` (Prometheus's exposition and naming lint) on a real scrape, JVM metrics included. */
class PromtoolCheckMetricsIT {
    @TempDir Path tmp;

    @Test
    void scrapeOfAHomeWithAStoppedInstance_passesPromtoolCheckMetrics() throws Exception {
        FakeHome home = new FakeHome(tmp.resolve("home"));
        home.stoppedInstance("web");
        home.diskWithSnapshot("web");
        BackupStatus.write(home.instanceDir("web"), new BackupStatus(1_700_000_000L, 95, 2_900_000_000L, 0, 93_600L));

        String text;
        try (HurdvmMetrics metrics = new HurdvmMetrics(home.home())) {
            text = metrics.scrape();
        }

        Promtool.Result lint = Promtool.checkMetrics(text, tmp);
        assertThat(lint.exitCode()).as(lint.output()).isZero();
        assertThat(lint.output()).isEmpty();
        assertThat(text).contains("hurdvm_vm_up{instance_name=\"web\"}");
    }
}
