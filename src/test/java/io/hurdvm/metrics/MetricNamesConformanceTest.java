package io.hurdvm.metrics;

import io.hurdvm.storage.backup.BackupStatus;
import io.hurdvm.storage.backup.DrillStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter against observability/metrics.txt, the list the alert rules and dashboard are written for. */
class MetricNamesConformanceTest {
    /** Only a running QEMU has a process and block devices to measure; MetricsLiveIT checks these. */
    static final Set<String> NEED_RUNNING_QEMU = Set.of(
            "hurdvm_vmi_cpu_usage_seconds_total", "hurdvm_vmi_memory_resident_bytes",
            "hurdvm_vmi_storage_read_traffic_bytes_total", "hurdvm_vmi_storage_write_traffic_bytes_total",
            "hurdvm_vmi_storage_iops_read_total", "hurdvm_vmi_storage_iops_write_total");

    @TempDir Path tmp;

    record Listed(String name, String type, List<String> labels, String help) {
    }

    static Map<String, Listed> metricsTxt() throws IOException {
        Map<String, Listed> out = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("observability", "metrics.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            out.put(f[0], new Listed(f[0], f[1], List.of(f[2].split(",")), f[3]));
        }
        return out;
    }

    @Test
    void metricsTxt_listsExactlyTheFamiliesOfTheExporter_withTheirTypesLabelsAndHelp() throws IOException {
        Map<String, Listed> fromCode = Arrays.stream(MetricFamily.values()).collect(Collectors.toMap(
                MetricFamily::prometheusName,
                f -> new Listed(f.prometheusName(), f.type().name().toLowerCase(), f.labels(), f.help()),
                (a, b) -> a, TreeMap::new));

        assertThat(fromCode).isEqualTo(metricsTxt());
    }

    @Test
    void scrapeOfAHomeWithOneStoppedInstance_hasEveryListedMetric_exceptThoseOfARunningQemu() throws Exception {
        FakeHome home = new FakeHome(tmp);
        home.stoppedInstance("web");
        home.diskWithSnapshot("web");
        BackupStatus.write(home.instanceDir("web"), new BackupStatus(1_700_000_000L, 95, 2_900_000_000L, 1, 93_600L));
        DrillStatus.write(home.instanceDir("web"), new DrillStatus(1_700_000_500L, true, 140, "restored", 1_700_000_500L, 41.5, 62.0,
                "20231114T221320Z-0a1b", 1_700_000_000L, 0, 1_209_600L));

        Exposition scrape;
        try (HurdvmMetrics metrics = new HurdvmMetrics(tmp)) {
            scrape = Exposition.parse(metrics.scrape());
        }

        Map<String, Listed> listed = metricsTxt();
        Set<String> expected = new TreeSet<>(listed.keySet());
        expected.removeAll(NEED_RUNNING_QEMU);
        Set<String> exported = scrape.series().stream().map(Exposition.Series::name)
                .filter(n -> n.startsWith("hurdvm_")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(exported).isEqualTo(expected);
        for (Exposition.Series s : scrape.series()) {
            if (s.name().startsWith("hurdvm_")) {
                assertThat(List.copyOf(s.labels().keySet())).as(s.name()).hasSameElementsAs(listed.get(s.name()).labels());
                assertThat(s.labels()).containsEntry("instance_name", "web");
            }
        }
    }

    @Test
    void scrapeOfAStoppedInstance_reportsItsRecordedFacts() throws Exception {
        FakeHome home = new FakeHome(tmp);
        home.stoppedInstance("web");
        home.diskWithSnapshot("web");

        Exposition s;
        try (HurdvmMetrics metrics = new HurdvmMetrics(tmp)) {
            s = Exposition.parse(metrics.scrape());
        }

        assertThat(s.value("hurdvm_vm_up", "web")).contains(0.0);
        assertThat(s.named("hurdvm_vm_state")).hasSize(io.hurdvm.vm.VmState.values().length);
        assertThat(s.value("hurdvm_vm_state", "web", "state", "stopped")).contains(1.0);
        assertThat(s.value("hurdvm_vm_state", "web", "state", "running")).contains(0.0);
        assertThat(s.value("hurdvm_vm_boot_duration_seconds", "web")).contains(42.5);
        assertThat(s.value("hurdvm_vm_restarts_total", "web")).contains(2.0);
        assertThat(s.value("hurdvm_vm_crash_loop", "web")).contains(0.0);
        assertThat(s.value("hurdvm_vmi_vcpus", "web")).contains(2.0);
        assertThat(s.value("hurdvm_vmi_memory_domain_bytes", "web")).contains(512.0 * 1024 * 1024);
        assertThat(s.value("hurdvm_vm_snapshots", "web")).contains(1.0);
        assertThat(s.value("hurdvm_vm_overlay_bytes", "web")).hasValueSatisfying(v -> assertThat(v).isPositive());
        assertThat(s.value("hurdvm_volume_free_bytes", "web", "path", tmp.toString()))
                .hasValueSatisfying(v -> assertThat(v).isPositive());
    }

    @Test
    void scrape_alsoCarriesTheJvmAndProcessMetricsOfTheExporter() throws Exception {
        try (HurdvmMetrics metrics = new HurdvmMetrics(tmp)) {
            Exposition s = Exposition.parse(metrics.scrape());

            assertThat(s.named("jvm_memory_used_bytes")).isNotEmpty();
            assertThat(s.named("jvm_threads_live_threads")).isNotEmpty();
            assertThat(s.named("jvm_gc_memory_allocated_bytes_total")).isNotEmpty();
            assertThat(s.named("process_uptime_seconds")).isNotEmpty();
        }
    }
}
