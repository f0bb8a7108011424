package io.hurdvm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hurdvm.vm.Accel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision rule and the cache, with a fake benchmark and a fake /dev/kvm (no QEMU runs here). */
class AccelDeciderTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final HostKey HOST = new HostKey("6.18.44", "AMD EPYC", "QEMU emulator version 7.2.22");
    @TempDir
    Path dir;

    /** Benchmark stand-in: returns canned runs and records what it was asked. */
    static final class FakeBenchmark implements AccelBenchmark {
        final Map<Accel, BenchmarkRun> results = new EnumMap<>(Accel.class);
        final List<String> calls = new ArrayList<>();

        @Override
        public BenchmarkRun run(Accel accel, Duration deadline) {
            calls.add(accel.cliName() + "@" + deadline.toMillis());
            BenchmarkRun canned = results.get(accel);
            return canned.finished() && canned.elapsed().get().compareTo(deadline) > 0 ? BenchmarkRun.timedOut(deadline) : canned;
        }
    }

    private static KvmDevice fakeKvm(KvmDevice.Availability availability) {
        return new KvmDevice() {
            @Override
            public Path path() {
                return Path.of("/dev/kvm");
            }

            @Override
            public Availability availability() {
                return availability;
            }
        };
    }

    private final FakeBenchmark benchmark = new FakeBenchmark();

    private AccelDecider decider(KvmDevice.Availability kvm, HostKey host, Instant now) {
        return new AccelDecider(fakeKvm(kvm), benchmark, new AccelProbeCache(dir.resolve("accel-probe.json")), () -> host,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private AccelDecider usableKvm() {
        return decider(KvmDevice.Availability.USABLE, HOST, NOW);
    }

    private void measures(double tcgSeconds, double kvmSeconds) {
        benchmark.results.put(Accel.TCG, BenchmarkRun.finished(Duration.ofMillis((long) (tcgSeconds * 1000)), AccelDecider.TCG_DEADLINE));
        benchmark.results.put(Accel.KVM, BenchmarkRun.finished(Duration.ofMillis((long) (kvmSeconds * 1000)), AccelDecider.TCG_DEADLINE));
    }

    @Test
    void kvmFasterThanTcg_choosesKvm() {
        measures(0.7, 0.3);
        AccelDecision decision = usableKvm().decide(Accel.AUTO);
        assertThat(decision.chosen()).isEqualTo(Accel.KVM);
        assertThat(decision.reason()).isEqualTo("kvm not slower than tcg (kvm 0.3 s vs tcg 0.7 s, measured 2026-11-27); using kvm");
    }

    @Test
    void kvmExactlyAsFastAsTcg_choosesKvm() {
        measures(0.7, 0.7);
        assertThat(usableKvm().decide(Accel.AUTO).chosen()).isEqualTo(Accel.KVM);
    }

    @Test
    void kvmSlowerThanTcg_choosesTcgAndQuotesBothTimes() {
        measures(3.0, 9.8);
        AccelDecision decision = usableKvm().decide(Accel.AUTO);
        assertThat(decision.chosen()).isEqualTo(Accel.TCG);
        assertThat(decision.reason()).isEqualTo("kvm present but slower than tcg (kvm 9.8 s vs tcg 3.0 s, measured 2026-11-27); using tcg");
    }

    @Test
    void kvmNotFinishingWithinItsDeadline_choosesTcg_andStopsKvmAtFiveTimesTcg() {
        measures(0.7, 30);
        AccelDecision decision = usableKvm().decide(Accel.AUTO);
        assertThat(decision.chosen()).isEqualTo(Accel.TCG);
        assertThat(decision.reason()).isEqualTo("kvm present but slower than tcg (kvm not done after 3.5 s vs tcg 0.7 s, measured 2026-11-27); using tcg");
        assertThat(benchmark.calls).containsExactly("tcg@15000", "kvm@3500");
    }

    @Test
    void kvmCrashingUnderQemu_choosesTcgAndSaysWhy() {
        measures(0.7, 0);
        benchmark.results.put(Accel.KVM, BenchmarkRun.failed(Duration.ofSeconds(3), "error: failed to set MSR 0x10a to 0x69"));
        AccelDecision decision = usableKvm().decide(Accel.AUTO);
        assertThat(decision.chosen()).isEqualTo(Accel.TCG);
        assertThat(decision.reason()).contains("QEMU failed under it (error: failed to set MSR 0x10a to 0x69");
    }

    @Test
    void tcgNotFinishing_butKvmFinishing_choosesKvm() {
        benchmark.results.put(Accel.TCG, BenchmarkRun.timedOut(AccelDecider.TCG_DEADLINE));
        benchmark.results.put(Accel.KVM, BenchmarkRun.finished(Duration.ofSeconds(2), AccelDecider.TCG_DEADLINE));
        assertThat(usableKvm().decide(Accel.AUTO).chosen()).isEqualTo(Accel.KVM);
        assertThat(benchmark.calls).containsExactly("tcg@15000", "kvm@15000");
    }

    @Test
    void neitherFinishing_choosesTcg_andIsNotCached() {
        benchmark.results.put(Accel.TCG, BenchmarkRun.timedOut(AccelDecider.TCG_DEADLINE));
        benchmark.results.put(Accel.KVM, BenchmarkRun.timedOut(AccelDecider.TCG_DEADLINE));
        assertThat(usableKvm().decide(Accel.AUTO).reason()).startsWith("accel probe inconclusive");
        assertThat(dir.resolve("accel-probe.json")).doesNotExist();
    }

    @Test
    void kvmDeadline_isFiveTimesTcgBetweenThreeAndFifteenSeconds() {
        assertThat(AccelDecider.kvmDeadline(BenchmarkRun.finished(Duration.ofMillis(200), Duration.ZERO))).isEqualTo(Duration.ofSeconds(3));
        assertThat(AccelDecider.kvmDeadline(BenchmarkRun.finished(Duration.ofMillis(700), Duration.ZERO))).isEqualTo(Duration.ofMillis(3500));
        assertThat(AccelDecider.kvmDeadline(BenchmarkRun.finished(Duration.ofSeconds(5), Duration.ZERO))).isEqualTo(Duration.ofSeconds(15));
        assertThat(AccelDecider.kvmDeadline(BenchmarkRun.timedOut(Duration.ofSeconds(15)))).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void missingKvm_meansTcgWithoutMeasuring() {
        AccelDecision decision = decider(KvmDevice.Availability.MISSING, HOST, NOW).decide(Accel.AUTO);
        assertThat(decision).isEqualTo(AccelDecision.tcg("/dev/kvm missing; using tcg"));
        assertThat(benchmark.calls).isEmpty();
    }

    @Test
    void kvmWithoutPermission_meansTcgWithAdvice() {
        AccelDecision decision = decider(KvmDevice.Availability.NO_PERMISSION, HOST, NOW).decide(Accel.AUTO);
        assertThat(decision.chosen()).isEqualTo(Accel.TCG);
        assertThat(decision.reason()).contains("no permission").contains("kvm group");
        assertThat(benchmark.calls).isEmpty();
    }

    @Test
    void explicitKvm_withoutDevice_isAClearError() {
        assertThatThrownBy(() -> decider(KvmDevice.Availability.MISSING, HOST, NOW).decide(Accel.KVM))
                .isInstanceOf(AccelUnavailableException.class)
                .hasMessage("--accel kvm: /dev/kvm does not exist (no KVM on this host): use --accel tcg or --accel auto");
        assertThatThrownBy(() -> decider(KvmDevice.Availability.NO_PERMISSION, HOST, NOW).decide(Accel.KVM))
                .hasMessageContaining("add the user to the kvm group");
    }

    @Test
    void explicitChoices_areTakenWithoutMeasuring() {
        assertThat(usableKvm().decide(Accel.KVM).chosen()).isEqualTo(Accel.KVM);
        assertThat(usableKvm().decide(Accel.TCG).chosen()).isEqualTo(Accel.TCG);
        assertThat(benchmark.calls).isEmpty();
    }

    @Test
    void freshCachedMeasurement_isReusedWithinSevenDays() {
        measures(3.0, 9.8);
        usableKvm().decide(Accel.AUTO);
        benchmark.calls.clear();

        AccelDecision later = decider(KvmDevice.Availability.USABLE, HOST, NOW.plus(Duration.ofDays(6))).decide(Accel.AUTO);

        assertThat(benchmark.calls).isEmpty();
        assertThat(later.reason()).contains("measured 2026-11-27");
    }

    @Test
    void staleMeasurement_isRepeated() {
        measures(3.0, 9.8);
        usableKvm().decide(Accel.AUTO);
        benchmark.calls.clear();

        AccelDecision later = decider(KvmDevice.Availability.USABLE, HOST, NOW.plus(Duration.ofDays(8))).decide(Accel.AUTO);

        assertThat(benchmark.calls).hasSize(2);
        assertThat(later.reason()).contains("measured 2026-12-05");
    }

    @Test
    void newKernelOrQemu_isMeasuredAgain_andOtherHostsEntriesAreKept() {
        measures(3.0, 9.8);
        usableKvm().decide(Accel.AUTO);
        HostKey upgraded = new HostKey("6.19.0", HOST.cpuModel(), HOST.qemuVersion());
        benchmark.calls.clear();

        decider(KvmDevice.Availability.USABLE, upgraded, NOW).decide(Accel.AUTO);

        assertThat(benchmark.calls).hasSize(2);
        AccelProbeCache cache = new AccelProbeCache(dir.resolve("accel-probe.json"));
        assertThat(cache.find(HOST)).isPresent();
        assertThat(cache.find(upgraded)).isPresent();
    }

    @Test
    void cache_roundTripsTheMeasurement() {
        AccelProbeCache cache = new AccelProbeCache(dir.resolve("sub/accel-probe.json"));
        AccelProbe probe = new AccelProbe(HOST, NOW, BenchmarkRun.finished(Duration.ofMillis(712), Duration.ofSeconds(15)),
                BenchmarkRun.failed(Duration.ofSeconds(3), "boom"));
        cache.store(probe);
        assertThat(cache.find(HOST)).contains(probe);
    }

    @Test
    void corruptCacheFile_isTreatedAsEmpty() throws Exception {
        Files.writeString(dir.resolve("accel-probe.json"), "{not json");
        measures(3.0, 9.8);
        assertThat(usableKvm().decide(Accel.AUTO).chosen()).isEqualTo(Accel.TCG);
        assertThat(benchmark.calls).hasSize(2);
        assertThat(new AccelProbeCache(dir.resolve("accel-probe.json")).find(HOST)).isPresent();
    }

    @Test
    void deviceNode_reportsMissingForAnAbsentPath_andUsableForAnAccessibleOne() throws Exception {
        assertThat(new KvmDevice.DeviceNode(dir.resolve("kvm")).availability()).isEqualTo(KvmDevice.Availability.MISSING);
        Path node = Files.createFile(dir.resolve("kvm"));
        assertThat(new KvmDevice.DeviceNode(node).availability()).isEqualTo(KvmDevice.Availability.USABLE);
    }
}
