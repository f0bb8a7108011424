package io.hurdvm.proc;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command with umask 077, so every file it creates (logs, images, sockets, backup files) is
 * born readable by its owner only. Java cannot set the umask of a process it starts, so a shell does
 * it and then {@code exec}s the command in place: the pid is the command's own, signals reach it.
 */
public final class PrivateFilesCommand {
    static final String SHELL = "/bin/sh";
    /** {@code $0} is the program, {@code $@} its arguments: nothing of them is parsed by the shell. */
    static final String SCRIPT = "umask 077 && exec \"$0\" \"$@\"";

    private PrivateFilesCommand() {
    }

    /** The shell's answer when the program to exec does not exist: exit 127 and "not found". */
    public static boolean programNotFound(int exitCode, String stderr) {
        return exitCode == 127 && stderr.contains("not found");
    }

    /** {@code argv} wrapped: {@code /bin/sh -c 'umask 077 && exec "$0" "$@"' argv...}. */
    public static List<String> of(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> wrapped = new ArrayList<>(List.of(SHELL, "-c", SCRIPT));
        wrapped.addAll(argv);
        return List.copyOf(wrapped);
    }
}
