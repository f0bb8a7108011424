package io.hurdvm.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads fields of {@code /proc/PID/stat} (Linux). */
final class ProcStat {
    private ProcStat() {
    }

    /** The session id of {@code pid}, empty if the process is gone. */
    static Optional<Long> sessionId(long pid) {
        return field(pid, 6);
    }

    static Optional<Long> processGroup(long pid) {
        return field(pid, 5);
    }

    /**
     * Field {@code number} (1-based, as in proc(5)) for fields after the command name. The name is
     * in parentheses and may itself contain spaces and ')', so parsing starts after the last ')'.
     */
    private static Optional<Long> field(long pid, int number) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return Optional.empty();
        }
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Optional.of(Long.parseLong(rest[number - 3]));
    }
}
