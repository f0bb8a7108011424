package io.hurdvm.limits;

import io.hurdvm.vm.VmSpec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, before QEMU starts, whether a guest fits the limits that really apply. Memory is a hard
 * limit: past a cgroup's {@code memory.max} the kernel OOM-kills QEMU mid-boot, which looks like a guest
 * crash, so the start is refused up front. CPU is not: too many vCPUs only makes the guest slow, so it
 * is a warning.
 *
 * @param cgroup   limits from the process's cgroups
 * @param host     the machine itself
 * @param override {@code HURDVM_MEMORY_LIMIT_MIB}, if set
 * @param overhead what QEMU and hurdvm need on top of guest RAM
 */
public record FitCheck(CgroupLimits cgroup, HostResources host, Optional<MemoryLimit> override, QemuOverhead overhead) {

    public FitCheck {
        Objects.requireNonNull(cgroup, "cgroup");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(override, "override");
        Objects.requireNonNull(overhead, "overhead");
    }

    public static FitCheck of(FsRoot fs, Map<String, String> environment) {
        return new FitCheck(CgroupLimits.detect(fs), HostResources.read(fs), MemoryOverride.fromEnvironment(environment),
                QemuOverhead.DEFAULT);
    }

    public LimitsReport evaluate(VmSpec spec) {
        return evaluate(spec.memoryMib(), spec.cpus());
    }

    public LimitsReport evaluate(int guestMemoryMib, int vcpus) {
        long overheadMib = overhead.mibFor(guestMemoryMib);
        long requiredMib = guestMemoryMib + overheadMib;
        String needs = "guest needs " + guestMemoryMib + " MiB + " + overheadMib + " MiB QEMU overhead = " + requiredMib + " MiB";

        List<MemoryLimit> memoryLimits = new ArrayList<>();
        cgroup.memory().ifPresent(memoryLimits::add);
        memoryLimits.add(new MemoryLimit(host.memTotalBytes(), LimitSource.HOST, "/proc/meminfo MemTotal"));
        override.ifPresent(memoryLimits::add);
        MemoryLimit effective = memoryLimits.stream().min(Comparator.comparingLong(MemoryLimit::bytes)).orElseThrow();

        String refusal = null;
        if (requiredMib << 20 > effective.bytes()) {
            refusal = needs + " but " + effective.source().memoryPhrase() + " is " + effective.mib() + " MiB: "
                    + effective.source().memoryRemedy();
        }

        List<String> warnings = new ArrayList<>();
        long availableMib = host.memAvailableBytes() >> 20;
        if (refusal == null && requiredMib > availableMib) {
            warnings.add(needs + " but only " + availableMib + " MiB is available on the host now (/proc/meminfo MemAvailable):"
                    + " the host may swap or OOM-kill QEMU; stop other guests or lower --memory");
        }
        List<CpuLimit> cpuLimits = new ArrayList<>();
        cgroup.cpu().ifPresent(cpuLimits::add);
        cpuLimits.add(new CpuLimit(host.onlineCpus(), LimitSource.HOST, "/sys/devices/system/cpu/online"));
        for (CpuLimit limit : cpuLimits) {
            if (vcpus > limit.cores()) {
                warnings.add("--cpus " + vcpus + " exceeds " + limit.source().cpuPhrase() + " = " + cores(limit)
                        + " cores: vCPU threads will be throttled and the guest slow; lower --cpus");
            }
        }
        return new LimitsReport(guestMemoryMib, overheadMib, overhead.toString(), requiredMib, memoryLimits, effective,
                availableMib, vcpus, cpuLimits, cgroup.memoryHierarchy(), cgroup.cpuHierarchy(), refusal == null, refusal,
                warnings);
    }

    private static String cores(CpuLimit limit) {
        return BigDecimal.valueOf(limit.cores()).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
