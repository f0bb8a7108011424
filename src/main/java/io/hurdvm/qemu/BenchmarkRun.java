package io.hurdvm.qemu;

import java.time.Duration;
import java.util.Optional;

/**
 * One timed run of the accelerator benchmark.
 *
 * @param elapsed  time from start to the milestone; empty if it was not reached
 * @param deadline how long the run was allowed
 * @param failure  QEMU's complaint when it exited before the milestone (e.g. a CPU model it rejected)
 */
public record BenchmarkRun(Optional<Duration> elapsed, Duration deadline, Optional<String> failure) {
    public static BenchmarkRun finished(Duration elapsed, Duration deadline) {
        return new BenchmarkRun(Optional.of(elapsed), deadline, Optional.empty());
    }

    public static BenchmarkRun timedOut(Duration deadline) {
        return new BenchmarkRun(Optional.empty(), deadline, Optional.empty());
    }

    public static BenchmarkRun failed(Duration deadline, String failure) {
        return new BenchmarkRun(Optional.empty(), deadline, Optional.of(failure));
    }

    public boolean finished() {
        return elapsed.isPresent();
    }
}
