package io.hurdvm.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads fields of {@code /proc/PID/stat} (Linux). */
public final class ProcStat {
    private ProcStat() {
    }

    /** The session id of {@code pid}, empty if the process is gone. */
    public static Optional<Long> sessionId(long pid) {
        return field(pid, 6);
    }

    public static Optional<Long> processGroup(long pid) {
        return field(pid, 5);
    }

    /** When the process started, in clock ticks since the host booted; with the pid it names one process for good. */
    public static Optional<Long> startTicks(long pid) {
        return field(pid, 22);
    }

    /**
     * Alive and not a zombie. {@link ProcessHandle#isAlive} is true for a zombie, and a process that is
     * not our child (a supervisor a CLI started, then handed over) stays one for as long as its new
     * parent does not reap it: PID 1 of a container is often a program that never does.
     */
    public static boolean isRunning(ProcessHandle process) {
        return process.isAlive() && isRunning(process.pid());
    }

    /** True while {@code pid} exists and is not a zombie (exited, waiting to be reaped). */
    public static boolean isRunning(long pid) {
        return read(pid).map(stat -> !afterName(stat)[0].equals("Z")).orElse(false);
    }

    /**
     * Field {@code number} (1-based, as in proc(5)) for fields after the command name. The name is
     * in parentheses and may itself contain spaces and ')', so parsing starts after the last ')'.
     */
    private static Optional<Long> field(long pid, int number) {
        return read(pid).map(stat -> Long.parseLong(afterName(stat)[number - 3]));
    }

    private static String[] afterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static Optional<String> read(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
