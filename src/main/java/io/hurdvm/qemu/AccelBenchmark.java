package io.hurdvm.qemu;

import io.hurdvm.vm.Accel;
import java.time.Duration;

/** Times one fixed guest workload under an accelerator, giving up at {@code deadline}. */
@FunctionalInterface
public interface AccelBenchmark {
    BenchmarkRun run(Accel accel, Duration deadline);
}
