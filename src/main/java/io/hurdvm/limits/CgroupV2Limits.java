package io.hurdvm.limits;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits of the unified (v2) hierarchy. {@code memory.max} holds bytes or {@code max}; {@code cpu.max}
 * holds {@code "$QUOTA $PERIOD"} with {@code max} for no quota. A file exists only where the
 * controller is enabled, so levels without it are skipped.
 */
record CgroupV2Limits(CgroupAncestry dirs) {

    CgroupV2Limits {
        Objects.requireNonNull(dirs, "dirs");
    }

    Optional<MemoryLimit> memory() {
        return dirs.smallestOnPath(this::memoryAt, Comparator.comparingLong(MemoryLimit::bytes));
    }

    Optional<CpuLimit> cpu() {
        return dirs.smallestOnPath(this::cpuAt, Comparator.comparingDouble(CpuLimit::cores));
    }

    private Optional<MemoryLimit> memoryAt(Path dir) {
        String origin = dirs.kernelName(dir, "memory.max");
        return dirs.firstLine(dir, "memory.max")
                .filter(v -> !v.equals("max"))
                .map(v -> new MemoryLimit(CgroupAncestry.parseLong(v, origin, "a byte count or 'max'"), LimitSource.CGROUP_V2, origin));
    }

    private Optional<CpuLimit> cpuAt(Path dir) {
        String origin = dirs.kernelName(dir, "cpu.max");
        return dirs.firstLine(dir, "cpu.max").filter(line -> !line.startsWith("max")).map(line -> {
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new LimitsUnreadableException("cannot parse " + origin + ": '" + line + "' is not '$QUOTA $PERIOD'");
            }
            long quota = CgroupAncestry.parseLong(parts[0], origin, "a quota in microseconds");
            long period = CgroupAncestry.parseLong(parts[1], origin, "a period in microseconds");
            return CpuLimit.ofQuota(quota, period, LimitSource.CGROUP_V2, origin);
        });
    }
}
