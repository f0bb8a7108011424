package io.hurdvm.limits;

import java.util.Objects;

/**
 * One memory ceiling that applies to hurdvm and the QEMU it starts.
 *
 * @param bytes  the ceiling
 * @param source what imposes it
 * @param origin the file or variable it was read from, for {@code status} (e.g. {@code /sys/fs/cgroup/a/memory.max})
 */
public record MemoryLimit(long bytes, LimitSource source, String origin) {

    public MemoryLimit {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
        if (bytes <= 0) {
            throw new IllegalArgumentException("memory limit must be positive, got " + bytes + " from " + origin);
        }
    }

    /** Whole MiB, rounded down: a limit of 1023.9 MiB does not hold 1024 MiB. */
    public long mib() {
        return bytes >> 20;
    }
}
