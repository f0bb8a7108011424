package io.hurdvm.limits;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Limits of one legacy (v1) hierarchy: the memory controller's {@code memory.limit_in_bytes} or the
 * cpu controller's {@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us}.
 */
record CgroupV1Limits(CgroupAncestry dirs) {

    /**
     * v1 has no "max" keyword: no limit reads as LONG_MAX rounded down to the page size
     * (9223372036854771712 with 4 KiB pages, other values with larger pages). Like the JDK's container
     * support, anything this close to LONG_MAX means unlimited; no machine has 9 EiB.
     */
    static final long UNLIMITED_AT_OR_ABOVE = 0x7FFFFFFFFF000000L;

    CgroupV1Limits {
        Objects.requireNonNull(dirs, "dirs");
    }

    Optional<MemoryLimit> memory() {
        Comparator<MemoryLimit> smallest = Comparator.comparingLong(MemoryLimit::bytes);
        return Stream.concat(dirs.smallestOnPath(this::memoryAt, smallest).stream(), hierarchicalLimit().stream())
                .min(smallest);
    }

    Optional<CpuLimit> cpu() {
        return dirs.smallestOnPath(this::cpuAt, Comparator.comparingDouble(CpuLimit::cores));
    }

    private Optional<MemoryLimit> memoryAt(Path dir) {
        String origin = dirs.kernelName(dir, "memory.limit_in_bytes");
        return dirs.firstLine(dir, "memory.limit_in_bytes")
                .map(v -> CgroupAncestry.parseLong(v, origin, "a byte count"))
                .filter(bytes -> bytes > 0 && bytes < UNLIMITED_AT_OR_ABOVE)
                .map(bytes -> new MemoryLimit(bytes, LimitSource.CGROUP_V1, origin));
    }

    /**
     * {@code memory.stat}'s {@code hierarchical_memory_limit} is the kernel's own minimum over all
     * ancestors, including those above a container's mount root that {@link CgroupAncestry} cannot see.
     */
    private Optional<MemoryLimit> hierarchicalLimit() {
        Path leaf = dirs.leafDirectory();
        String origin = dirs.kernelName(leaf, "memory.stat") + " hierarchical_memory_limit";
        return dirs.lines(leaf, "memory.stat").stream()
                .filter(line -> line.startsWith("hierarchical_memory_limit "))
                .map(line -> CgroupAncestry.parseLong(line.substring(line.indexOf(' ') + 1), origin, "a byte count"))
                .filter(bytes -> bytes > 0 && bytes < UNLIMITED_AT_OR_ABOVE)
                .map(bytes -> new MemoryLimit(bytes, LimitSource.CGROUP_V1, origin))
                .findFirst();
    }

    private Optional<CpuLimit> cpuAt(Path dir) {
        String origin = dirs.kernelName(dir, "cpu.cfs_quota_us");
        Optional<Long> quota = dirs.firstLine(dir, "cpu.cfs_quota_us")
                .map(v -> CgroupAncestry.parseLong(v, origin, "a quota in microseconds or -1"));
        Optional<Long> period = dirs.firstLine(dir, "cpu.cfs_period_us")
                .map(v -> CgroupAncestry.parseLong(v, dirs.kernelName(dir, "cpu.cfs_period_us"), "a period in microseconds"));
        // A quota of -1 means "no quota" at this level.
        if (quota.isPresent() && period.isPresent() && quota.get() > 0 && period.get() > 0) {
            return Optional.of(CpuLimit.ofQuota(quota.get(), period.get(), LimitSource.CGROUP_V1, origin));
        }
        return Optional.empty();
    }
}
