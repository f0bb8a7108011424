package io.hurdvm.qemu;

import java.util.List;

/** What a finished external command produced. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {
    public CommandResult {
        argv = List.copyOf(argv);
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The command line as shown in error messages (arguments carry no secrets: those go by file). */
    public String commandLine() {
        return String.join(" ", argv);
    }

    /** The last non-blank stderr line: qemu-img puts its diagnosis there. */
    public String lastErrorLine() {
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no error output)" : lines.getLast().strip();
    }
}
