package io.hurdvm.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads what the kernel accounts for one process from a procfs tree ({@code /proc} on the host; a
 * folder of fake files in tests). Linux only, like the rest of hurdvm.
 */
final class ProcReader {
    /** proc(5): fields after the parenthesised command name start at field 3 (state). */
    private static final int FIRST_FIELD_AFTER_COMM = 3;
    private static final int PPID = 4;
    private static final int UTIME = 14;
    private static final int STIME = 15;

    private final Path procRoot;
    private final long clockTicksPerSecond;

    ProcReader(Path procRoot, long clockTicksPerSecond) {
        if (clockTicksPerSecond <= 0) {
            throw new IllegalArgumentException("clock ticks per second must be positive, got " + clockTicksPerSecond);
        }
        this.procRoot = procRoot;
        this.clockTicksPerSecond = clockTicksPerSecond;
    }

    static ProcReader forHost() {
        return new ProcReader(Path.of("/proc"), ClockTicks.perSecond());
    }

    /** CPU time, resident memory and parent of a process; empty if it is gone (or not readable). */
    Optional<ProcessUsage> usage(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        Path dir = procRoot.resolve(Long.toString(pid));
        try {
            String[] stat = fieldsAfterComm(Files.readString(dir.resolve("stat")));
            long ticks = Long.parseLong(field(stat, UTIME)) + Long.parseLong(field(stat, STIME));
            long ppid = Long.parseLong(field(stat, PPID));
            long rss = residentBytes(Files.readAllLines(dir.resolve("status")));
            return Optional.of(new ProcessUsage(ppid, (double) ticks / clockTicksPerSecond, rss));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The command name is in parentheses and may itself contain spaces and ')', so the fields start
     * after the last ')'.
     */
    private static String[] fieldsAfterComm(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 > stat.length()) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(stat));
        }
        return stat.substring(close + 2).trim().split(" +");
    }

    private static String field(String[] fields, int number) {
        int i = number - FIRST_FIELD_AFTER_COMM;
        if (i >= fields.length) {
            throw new IllegalArgumentException("/proc/PID/stat has no field " + number + " (only "
                    + (fields.length + FIRST_FIELD_AFTER_COMM - 1) + ")");
        }
        return fields[i];
    }

    /** VmRSS is in kB (KiB, as the kernel means it). A kernel thread or zombie has none: 0. */
    private static long residentBytes(Iterable<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new IllegalArgumentException("unexpected VmRSS line in /proc/PID/status: " + line);
                }
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return 0;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** @param parentPid the process's parent, to tell our QEMU from a stranger that reused its pid */
    record ProcessUsage(long parentPid, double cpuSeconds, long residentBytes) {
    }
}
