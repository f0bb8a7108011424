package io.hurdvm.lifecycle;

import io.hurdvm.proc.ProcessIdentity;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The last resort for a QEMU nobody can talk to any more (its supervisor died and its QMP socket no
 * longer answers): SIGTERM (QEMU then closes its disks cleanly), and SIGKILL if that is ignored.
 * Only the recorded process is signalled: pid and start time must both still match.
 */
final class OrphanKiller {
    private static final Duration TERM_WAIT = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private OrphanKiller() {
    }

    /** Ends {@code qemu}; returns how: "sigterm", "kill", or "gone" if it ended by itself. */
    static String end(ProcessIdentity qemu, Consumer<String> progress) throws InterruptedException {
        var handle = qemu.handle();
        if (handle.isEmpty()) {
            return "gone";
        }
        progress.accept("cannot take QEMU pid " + qemu.pid() + " over: sending it SIGTERM");
        handle.get().destroy();
        if (awaitExit(handle.get(), TERM_WAIT)) {
            return "sigterm";
        }
        progress.accept("QEMU pid " + qemu.pid() + " ignored SIGTERM for " + TERM_WAIT.toSeconds() + "s: killing it");
        if (qemu.isAlive()) {
            handle.get().destroyForcibly();
        }
        awaitExit(handle.get(), KILL_WAIT);
        return "kill";
    }

    private static boolean awaitExit(ProcessHandle handle, Duration wait) throws InterruptedException {
        try {
            handle.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        }
    }
}
