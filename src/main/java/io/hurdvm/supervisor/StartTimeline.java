package io.hurdvm.supervisor;

import io.hurdvm.proc.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a supervisor's start goes, from its process's start to QEMU's launch and first QMP answer:
 * one log line per start, so the gap between {@code hurdvm up} and the guest's first instruction can
 * be read from supervisor.log (issue 14) instead of guessed. Milliseconds since the process started,
 * to the kernel's clock tick (10 ms): /proc/uptime against the start in /proc/self/stat, because
 * {@code ProcessHandle.Info.startInstant()} rests on the boot time in whole seconds.
 */
final class StartTimeline {
    /** USER_HZ: what /proc/PID/stat counts in on every Linux architecture hurdvm runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private final long processStartNanos;
    private final List<String> marks = new ArrayList<>();

    StartTimeline() {
        this.processStartNanos = System.nanoTime() - sinceProcessStartNanos();
        mark("jvm");
    }

    private static long sinceProcessStartNanos() {
        try {
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return ProcStat.startTicks(ProcessHandle.current().pid())
                    .map(ticks -> (long) ((uptime - ticks / TICKS_PER_SECOND) * 1e9)).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0; // not Linux: counted from here
        }
    }

    /** Notes that {@code step} has just ended. */
    synchronized void mark(String step) {
        marks.add(step + " " + (System.nanoTime() - processStartNanos) / 1_000_000);
    }

    /** Logs the marks so far (ms since the process started) and starts a new line. */
    synchronized void log(String what) {
        mark(what);
        // Looked up here, not in a static field: the first mark comes before logging is configured.
        Logger log = LoggerFactory.getLogger(StartTimeline.class);
        log.info("start timeline (ms since the process started): {}", String.join(", ", marks));
        marks.clear();
    }
}
