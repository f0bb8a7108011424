package io.hurdvm.qemu;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** One measurement of both accelerators on one host, as cached between runs. */
public record AccelProbe(HostKey host, Instant measuredAt, BenchmarkRun tcg, BenchmarkRun kvm) {
    public AccelProbe {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(measuredAt, "measuredAt");
        Objects.requireNonNull(tcg, "tcg");
        Objects.requireNonNull(kvm, "kvm");
    }

    /** A probe where neither run finished says nothing about the host; it is not worth keeping. */
    public boolean conclusive() {
        return tcg.finished() || kvm.finished();
    }

    public boolean isFresh(Instant now, Duration maxAge) {
        return !measuredAt.isAfter(now) && Duration.between(measuredAt, now).compareTo(maxAge) < 0;
    }
}
