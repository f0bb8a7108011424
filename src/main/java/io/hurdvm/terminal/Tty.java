package io.hurdvm.terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a standard stream of this process is a terminal (Linux: its /proc fd link names a tty). */
public final class Tty {
    private Tty() {
    }

    /** True when standard error is a terminal, so a progress line may be redrawn in place. */
    public static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
