package io.hurdvm.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.metrics.MetricFamily;
import io.hurdvm.metrics.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsHistoryTest {
    private final WebSessionsTest.ManualClock clock = new WebSessionsTest.ManualClock();

    private static List<Sample> round(double cpu, double read0, double read1) {
        List<Sample> s = new ArrayList<>();
        s.add(Sample.of(MetricFamily.VMI_CPU_USAGE, "vm", cpu));
        s.add(Sample.of(MetricFamily.VMI_MEMORY_RESIDENT, "vm", 300e6));
        s.add(Sample.of(MetricFamily.VMI_MEMORY_DOMAIN, "vm", 512 * 1048576.0));
        s.add(Sample.of(MetricFamily.VMI_STORAGE_READ_BYTES, "vm", "disk0", read0));
        s.add(Sample.of(MetricFamily.VMI_STORAGE_READ_BYTES, "vm", "cd0", read1));
        s.add(Sample.of(MetricFamily.VMI_VCPUS, "vm", 1));
        s.add(Sample.of(MetricFamily.BACKUP_LAST_SUCCESS, "vm", 0));
        s.add(Sample.of(MetricFamily.BACKUP_FAILURES, "vm", 2));
        s.add(Sample.of(MetricFamily.VM_UP, "stopped", 0));
        return s;
    }

    @Test
    void keepsEachInstancesCounters_drivesSummed_forTheLastMinutesOnly() {
        MetricsHistory h = new MetricsHistory(() -> List.of(), () -> true, clock);
        for (int i = 0; i < 100; i++) {
            h.record(clock.instant(), round(i, 10.0 * i, 1));
            clock.advance(MetricsHistory.INTERVAL);
        }
        MetricsHistory.Answer a = h.answer();
        assertThat(a.instances()).extracting(MetricsHistory.Series::name).containsExactly("stopped", "vm");
        MetricsHistory.Series vm = a.instances().get(1);
        assertThat(vm.points()).hasSize((int) (MetricsHistory.KEPT.toSeconds() / MetricsHistory.INTERVAL.toSeconds()) + 1);
        MetricsHistory.Point last = vm.points().getLast();
        assertThat(last.cpuSeconds()).isEqualTo(99.0);
        assertThat(last.readBytes()).as("disk0 + cd0").isEqualTo(991.0);
        assertThat(last.writeBytes()).as("no such series").isNull();
        assertThat(vm.backupLastSuccess()).as("0 means never").isNull();
        assertThat(vm.backupFailures()).isEqualTo(2);
        assertThat(vm.vcpus()).isEqualTo(1);
        assertThat(a.instances().getFirst().points().getLast().cpuSeconds()).as("not running: no CPU counter").isNull();
    }

    @Test
    void anInstanceThatIsGone_isDropped() {
        MetricsHistory h = new MetricsHistory(() -> List.of(), () -> true, clock);
        h.record(clock.instant(), round(1, 1, 1));
        h.record(clock.instant().plusSeconds(10), List.of(Sample.of(MetricFamily.VM_UP, "other", 1)));
        assertThat(h.answer().instances()).extracting(MetricsHistory.Series::name).containsExactly("other");
    }

    @Test
    void samplesEveryInterval_whileSomeoneLooks_elseEveryIdleInterval() {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean looking = new AtomicBoolean(false);
        MetricsHistory h = new MetricsHistory(() -> {
            calls.incrementAndGet();
            return round(1, 1, 1);
        }, looking::get, clock);
        for (int i = 0; i < 12; i++) { // two idle minutes
            h.tick();
            clock.advance(MetricsHistory.INTERVAL);
        }
        assertThat(calls).hasValue(2);
        looking.set(true);
        for (int i = 0; i < 6; i++) {
            h.tick();
            clock.advance(MetricsHistory.INTERVAL);
        }
        assertThat(calls).hasValue(8);
    }

    @Test
    void aFailingSource_keepsTheHistory() {
        AtomicBoolean fail = new AtomicBoolean(false);
        MetricsHistory h = new MetricsHistory(() -> {
            if (fail.get()) {
                throw new IllegalStateException("sampling failed");
            }
            return round(1, 1, 1);
        }, () -> true, clock);
        h.tick();
        fail.set(true);
        clock.advance(Duration.ofSeconds(10));
        h.tick();
        assertThat(h.answer().instances().get(1).points()).hasSize(1);
    }
}
