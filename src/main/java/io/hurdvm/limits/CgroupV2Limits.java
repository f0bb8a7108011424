package io.hurdvm.limits;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
        List<MemoryLimit> found = new ArrayList<>();
        for (Path dir : dirs.leafToTop()) {
            String origin = dirs.kernelName(dir, "memory.max");
            dirs.firstLine(dir, "memory.max")
                    .filter(v -> !v.equals("max"))
                    .map(v -> CgroupAncestry.parseLong(v, origin, "a byte count or 'max'"))
                    .ifPresent(bytes -> found.add(new MemoryLimit(bytes, LimitSource.CGROUP_V2, origin)));
        }
        return found.stream().min(Comparator.comparingLong(MemoryLimit::bytes));
    }

    Optional<CpuLimit> cpu() {
        List<CpuLimit> found = new ArrayList<>();
        for (Path dir : dirs.leafToTop()) {
            String origin = dirs.kernelName(dir, "cpu.max");
            dirs.firstLine(dir, "cpu.max").ifPresent(line -> {
                String[] parts = line.split("\\s+");
                if (parts[0].equals("max")) {
                    return;
                }
                if (parts.length != 2) {
                    throw new LimitsUnreadableException("cannot parse " + origin + ": '" + line + "' is not '$QUOTA $PERIOD'");
                }
                long quota = CgroupAncestry.parseLong(parts[0], origin, "a quota in microseconds");
                long period = CgroupAncestry.parseLong(parts[1], origin, "a period in microseconds");
                found.add(CpuLimit.ofQuota(quota, period, LimitSource.CGROUP_V2, origin));
            });
        }
        return found.stream().min(Comparator.comparingDouble(CpuLimit::cores));
    }
}
