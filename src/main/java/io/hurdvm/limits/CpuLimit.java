package io.hurdvm.limits;

import java.util.Objects;

/**
 * One ceiling on how much CPU time hurdvm and QEMU get, in cores (a CFS quota of 150000/100000 is 1.5).
 *
 * @param cores  CPU time available per wall-clock second
 * @param source what imposes it
 * @param origin the file it was read from
 */
public record CpuLimit(double cores, LimitSource source, String origin) {

    public CpuLimit {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
        if (!(cores > 0) || Double.isInfinite(cores)) {
            throw new IllegalArgumentException("CPU limit must be a positive number of cores, got " + cores + " from " + origin);
        }
    }

    /** From a CFS quota and period, both in microseconds. */
    public static CpuLimit ofQuota(long quotaMicros, long periodMicros, LimitSource source, String origin) {
        if (quotaMicros <= 0 || periodMicros <= 0) {
            throw new IllegalArgumentException("CPU quota " + quotaMicros + "/" + periodMicros + " in " + origin + " is not a limit");
        }
        return new CpuLimit((double) quotaMicros / periodMicros, source, origin);
    }
}
