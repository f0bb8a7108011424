package io.hurdvm.storage.backup;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a backup or restore spends its time, phase by phase, as DEBUG lines
 * ({@code HURDVM_LOG_LEVEL=DEBUG}): "backup phase qemu-copy: 1412 ms (total 1890 ms, jvm 2301 ms)".
 * The lines are how bench/loop's backup row is explained; they carry no data, no names of secrets.
 */
final class PhaseClock {
    private static final Logger LOG = LoggerFactory.getLogger(PhaseClock.class);
    private final String operation;
    private final long start = System.nanoTime();
    private long last = start;

    PhaseClock(String operation) {
        this.operation = operation;
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} starts {} ms after the JVM did", operation, jvmAgeMillis());
        }
    }

    /** Ends the phase that ran since the previous call (or since this clock was made). */
    void lap(String phase) {
        long now = System.nanoTime();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} phase {}: {} ms (total {} ms, jvm {} ms)", operation, phase, TimeUnit.NANOSECONDS.toMillis(now - last),
                    TimeUnit.NANOSECONDS.toMillis(now - start), jvmAgeMillis());
        }
        last = now;
    }

    /** The JVM's own clock: a process start time from /proc is only as exact as the boot time, a whole second. */
    private static long jvmAgeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
