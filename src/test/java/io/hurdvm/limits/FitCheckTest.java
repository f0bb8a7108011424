package io.hurdvm.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.VmSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FitCheckTest {

    private static final long MIB = 1L << 20;
    private static final HostResources BIG_HOST = new HostResources(24L * 1024 * MIB, 20L * 1024 * MIB, 8);

    private static CgroupLimits cgroupV2(long memoryMib, Double cores) {
        return new CgroupLimits(Optional.of(new MemoryLimit(memoryMib * MIB, LimitSource.CGROUP_V2, "/sys/fs/cgroup/memory.max")),
                Optional.ofNullable(cores).map(c -> new CpuLimit(c, LimitSource.CGROUP_V2, "/sys/fs/cgroup/cpu.max")),
                "cgroup v2 at /sys/fs/cgroup", "cgroup v2 at /sys/fs/cgroup");
    }

    private static FitCheck check(CgroupLimits cgroup, HostResources host) {
        return new FitCheck(cgroup, host, Optional.empty(), QemuOverhead.DEFAULT);
    }

    @Test
    void refusesWhenGuestPlusOverheadExceedsTheCgroupLimit() {
        LimitsReport report = check(cgroupV2(1024, null), BIG_HOST).evaluate(2048, 1);

        assertThat(report.fits()).isFalse();
        assertThat(report.refusal()).isEqualTo("guest needs 2048 MiB + 317 MiB QEMU overhead = 2365 MiB but the cgroup memory"
                + " limit (cgroup v2 memory.max) is 1024 MiB: lower --memory or raise the limit");
        assertThatThrownBy(report::requireFits).isInstanceOf(InsufficientResourcesException.class).hasMessage(report.refusal());
    }

    @Test
    void fitsExactlyAtTheLimit() {
        LimitsReport report = check(cgroupV2(2365, null), BIG_HOST).evaluate(2048, 1);

        assertThat(report.fits()).isTrue();
        assertThat(report.refusal()).isNull();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.requireFits()).isSameAs(report);
    }

    @Test
    void oneMibShortIsRefused() {
        assertThat(check(cgroupV2(2364, null), BIG_HOST).evaluate(2048, 1).fits()).isFalse();
    }

    @Test
    void withoutACgroupLimitTheHostsMemTotalIsTheLimit() {
        HostResources small = new HostResources(2048 * MIB, 1900 * MIB, 2);

        LimitsReport report = check(CgroupLimits.none(), small).evaluate(2048, 1);

        assertThat(report.effectiveMemoryLimit().source()).isEqualTo(LimitSource.HOST);
        assertThat(report.refusal()).endsWith("but the host's total memory (/proc/meminfo MemTotal) is 2048 MiB: lower --memory");
    }

    @Test
    void overrideImposesALowerLimitNamingTheVariable() {
        Optional<MemoryLimit> override = MemoryOverride.fromEnvironment(Map.of("HURDVM_MEMORY_LIMIT_MIB", "1500"));

        LimitsReport report = new FitCheck(cgroupV2(8192, null), BIG_HOST, override, QemuOverhead.DEFAULT).evaluate(2048, 1);

        assertThat(report.refusal()).endsWith("but the limit set by HURDVM_MEMORY_LIMIT_MIB is 1500 MiB:"
                + " lower --memory or raise HURDVM_MEMORY_LIMIT_MIB");
        assertThat(report.memoryLimits()).extracting(MemoryLimit::source)
                .containsExactly(LimitSource.CGROUP_V2, LimitSource.HOST, LimitSource.OVERRIDE);
    }

    @Test
    void overrideCannotRaiseARealLimit() {
        Optional<MemoryLimit> override = MemoryOverride.fromEnvironment(Map.of("HURDVM_MEMORY_LIMIT_MIB", "100000"));

        LimitsReport report = new FitCheck(cgroupV2(1024, null), BIG_HOST, override, QemuOverhead.DEFAULT).evaluate(1024, 1);

        assertThat(report.effectiveMemoryLimit().source()).isEqualTo(LimitSource.CGROUP_V2);
        assertThat(report.fits()).isFalse();
    }

    @Test
    void overrideThatIsNotAPositiveNumberIsAOneLineError() {
        assertThatThrownBy(() -> MemoryOverride.fromEnvironment(Map.of("HURDVM_MEMORY_LIMIT_MIB", "2G")))
                .isInstanceOf(LimitsUnreadableException.class)
                .hasMessage("HURDVM_MEMORY_LIMIT_MIB='2G' is not a positive number of MiB: set e.g. HURDVM_MEMORY_LIMIT_MIB=4096 or unset it");
        assertThatThrownBy(() -> MemoryOverride.fromEnvironment(Map.of("HURDVM_MEMORY_LIMIT_MIB", "0")))
                .isInstanceOf(LimitsUnreadableException.class);
        assertThat(MemoryOverride.fromEnvironment(Map.of())).isEmpty();
    }

    @Test
    void tooManyVcpusWarnsAboutQuotaAndHostButStillFits() {
        HostResources twoCpus = new HostResources(24L * 1024 * MIB, 20L * 1024 * MIB, 2);

        LimitsReport report = check(cgroupV2(8192, 1.5), twoCpus).evaluate(1024, 4);

        assertThat(report.fits()).isTrue();
        assertThat(report.warnings()).containsExactly(
                "--cpus 4 exceeds the cgroup CPU quota (cgroup v2 cpu.max) = 1.5 cores: vCPU threads will be throttled"
                        + " and the guest slow; lower --cpus",
                "--cpus 4 exceeds the host's online CPUs (/sys/devices/system/cpu/online) = 2 cores: vCPU threads will be"
                        + " throttled and the guest slow; lower --cpus");
    }

    @Test
    void vcpusWithinQuotaDoNotWarn() {
        assertThat(check(cgroupV2(8192, 2.0), BIG_HOST).evaluate(1024, 2).warnings()).isEmpty();
    }

    @Test
    void lowMemAvailableWarnsButDoesNotRefuse() {
        HostResources busy = new HostResources(16L * 1024 * MIB, 1000 * MIB, 8);

        LimitsReport report = check(CgroupLimits.none(), busy).evaluate(2048, 1);

        assertThat(report.fits()).isTrue();
        assertThat(report.warnings()).singleElement().asString()
                .startsWith("guest needs 2048 MiB + 317 MiB QEMU overhead = 2365 MiB but only 1000 MiB is available on the host now");
    }

    @Test
    void evaluatesAVmSpec() {
        VmSpec spec = VmSpec.builder(InstanceName.of("web"), Path.of("/images/base.qcow2")).memoryMib(4096).cpus(2).build();

        LimitsReport report = check(cgroupV2(4096, null), BIG_HOST).evaluate(spec);

        assertThat(report.guestMemoryMib()).isEqualTo(4096);
        assertThat(report.vcpus()).isEqualTo(2);
        assertThat(report.requiredMib()).isEqualTo(4096 + 256 + 123);
        assertThat(report.fits()).isFalse();
    }

    @Test
    void reportRoundTripsThroughJackson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        LimitsReport report = check(cgroupV2(1024, 1.5), BIG_HOST).evaluate(2048, 4);

        String text = json.writeValueAsString(report);
        JsonNode tree = json.readTree(text);

        assertThat(tree.get("fits").asBoolean()).isFalse();
        assertThat(tree.get("effectiveMemoryLimit").get("source").asText()).isEqualTo("CGROUP_V2");
        assertThat(tree.get("effectiveMemoryLimit").get("origin").asText()).isEqualTo("/sys/fs/cgroup/memory.max");
        assertThat(tree.get("cpuLimits").get(0).get("cores").asDouble()).isEqualTo(1.5);
        assertThat(tree.get("overheadModel").asText()).isEqualTo("256 MiB + 3% of guest RAM");
        assertThat(json.readValue(text, LimitsReport.class)).isEqualTo(report);
    }

    @Test
    void fittingReportOmitsTheRefusalFromJson() throws Exception {
        String text = new ObjectMapper().writeValueAsString(check(cgroupV2(8192, null), BIG_HOST).evaluate(1024, 1));

        assertThat(text).doesNotContain("refusal").contains("\"fits\":true");
    }

    @Test
    void fromFakeKernelFiles_cgroupV2LimitRefuses(@TempDir Path root) {
        FakeKernelFs kernel = new FakeKernelFs(root).unifiedHost("/ci").meminfo(24L * 1024 * 1024, 20L * 1024 * 1024)
                .onlineCpus("0-1").file("/sys/fs/cgroup/ci/memory.max", Long.toString(1024 * MIB));

        LimitsReport report = FitCheck.of(kernel.fs, Map.of()).evaluate(2048, 1);

        assertThat(report.refusal()).isEqualTo("guest needs 2048 MiB + 317 MiB QEMU overhead = 2365 MiB but the cgroup memory"
                + " limit (cgroup v2 memory.max) is 1024 MiB: lower --memory or raise the limit");
        assertThat(report.effectiveMemoryLimit().origin()).isEqualTo("/sys/fs/cgroup/ci/memory.max");
    }

    @Test
    void realMachine_overrideFromTheEnvironmentRefusesABigGuest() {
        LimitsReport report = FitCheck.of(FsRoot.SYSTEM, Map.of("HURDVM_MEMORY_LIMIT_MIB", "1024")).evaluate(2048, 1);

        assertThat(report.refusal()).contains("the limit set by HURDVM_MEMORY_LIMIT_MIB is 1024 MiB");
    }

    @Test
    void realMachine_smallGuestFits() {
        LimitsReport report = FitCheck.of(FsRoot.SYSTEM, Map.of()).evaluate(VmSpec.MIN_MEMORY_MIB, 1);

        assertThat(report.fits()).as(report.toString()).isTrue();
    }
}
