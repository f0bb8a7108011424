package io.hurdvm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.it.HurdvmProcess;
import io.hurdvm.it.TestGuests;
import io.hurdvm.vm.VmState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter against a real running guest: the Linux test guest booted by the real hurdvm jar. */
class MetricsLiveIT {
    private static final String VM = "live";

    @TempDir Path tmp;
    private HurdvmProcess hv;

    @BeforeEach
    void setUp() throws Exception {
        hv = new HurdvmProcess();
    }

    @AfterEach
    void tearDown() throws Exception {
        hv.close();
    }

    @Test
    void runningGuest_exportsEveryListedMetric_withRealBlockReadsAndCpuTime_andLosesThemWhenStopped() throws Exception {
        var up = hv.run(Duration.ofMinutes(4), "up", VM, "--image", TestGuests.linuxGuest().toString(),
                "--memory", "256", "--wait", "console", "--timeout", "180s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        // The guest read its kernel and root filesystem from disk0 while booting; ask QEMU's own view too.
        var monitor = hv.run("monitor", VM, "info blockstats");
        assertThat(monitor.exitCode()).as(monitor.all()).isZero();
        assertThat(monitor.stdout()).contains("rd_bytes=");

        try (HurdvmMetrics metrics = new HurdvmMetrics(hv.home())) {
            String text = metrics.scrape();
            Exposition running = Exposition.parse(text);

            assertThat(running.value("hurdvm_vm_up", VM)).contains(1.0);
            assertThat(running.value("hurdvm_vm_state", VM, "state", "running")).contains(1.0);
            assertThat(running.value("hurdvm_vmi_cpu_usage_seconds_total", VM)).hasValueSatisfying(v -> assertThat(v).isGreaterThan(1.0));
            assertThat(running.value("hurdvm_vmi_memory_resident_bytes", VM)).hasValueSatisfying(v -> assertThat(v).isGreaterThan(16.0 * 1024 * 1024));
            assertThat(running.value("hurdvm_vmi_memory_domain_bytes", VM)).contains(256.0 * 1024 * 1024);
            assertThat(running.value("hurdvm_vmi_storage_read_traffic_bytes_total", VM, "drive", "disk0"))
                    .hasValueSatisfying(v -> assertThat(v).isGreaterThan(64.0 * 1024));
            assertThat(running.value("hurdvm_vmi_storage_iops_read_total", VM, "drive", "disk0"))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(running.value("hurdvm_vm_boot_duration_seconds", VM)).hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(running.value("hurdvm_vm_overlay_bytes", VM)).hasValueSatisfying(v -> assertThat(v).isPositive());

            Set<String> exported = running.series().stream().map(Exposition.Series::name)
                    .filter(n -> n.startsWith("hurdvm_")).collect(Collectors.toCollection(TreeSet::new));
            Set<String> listed = new TreeSet<>(MetricNamesConformanceTest.metricsTxt().keySet());
            listed.remove("hurdvm_backup_last_duration_seconds"); // no backup ever ran: no backup-status.json
            listed.remove("hurdvm_backup_last_bytes");
            listed.remove("hurdvm_backup_max_age_seconds");
            listed.removeIf(n -> n.startsWith("hurdvm_backup_drill_")); // no drill ever ran: no drill-status.json
            assertThat(exported).isEqualTo(listed);

            Promtool.Result lint = Promtool.checkMetrics(text, Files.createDirectories(tmp.resolve("lint")));
            assertThat(lint.exitCode()).as(lint.output()).isZero();

            ProcessHandle supervisor = ProcessHandle.of(hv.state(VM).supervisorPid()).orElseThrow();
            var down = hv.run("down", VM, "--timeout", "60s");
            // Whether 'down' itself answered cleanly is LifecycleIT's business; here the VM only has to stop.
            supervisor.onExit().get(90, TimeUnit.SECONDS);
            assertThat(hv.state(VM).state()).as(down.all()).isEqualTo(VmState.STOPPED);
            Exposition stopped = Exposition.parse(metrics.scrape());
            assertThat(stopped.value("hurdvm_vm_up", VM)).contains(0.0);
            assertThat(stopped.value("hurdvm_vm_state", VM, "state", "stopped")).contains(1.0);
            for (String name : MetricNamesConformanceTest.NEED_RUNNING_QEMU) {
                assertThat(stopped.hasAnyFor(name, VM)).as(name).isFalse();
            }
        }
    }
}
