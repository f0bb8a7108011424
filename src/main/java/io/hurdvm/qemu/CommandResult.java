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

    /**
     * The diagnosis on stderr as one line: from the last line that starts with the program's name
     * ("qemu-img: ...") to the end, as qemu-img may add a hint line ("Is another process using the
     * image?"); the last non-blank line if none does.
     */
    public String lastErrorLine() {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "(no error output)";
        }
        String program = java.nio.file.Path.of(argv.getFirst()).getFileName() + ": ";
        int from = lines.size() - 1;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(program)) {
                from = i;
                break;
            }
        }
        return String.join(" ", lines.subList(from, lines.size()));
    }
}
