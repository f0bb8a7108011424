package io.hurdvm.proc;

import java.util.Optional;

/**
 * One process for good: its pid and its start time (clock ticks since boot). A pid alone may be
 * recycled by another process after the first one ends; the pair never is. Recorded for QEMU so a
 * VM that outlived its supervisor can be found, stopped or adopted, and never confused.
 */
public record ProcessIdentity(long pid, long startTicks) {

    /** The identity of the live process {@code pid} now, if there is one. */
    public static Optional<ProcessIdentity> of(long pid) {
        return ProcStat.startTicks(pid).map(ticks -> new ProcessIdentity(pid, ticks));
    }

    /** The recorded process, if it still runs; empty for pid 0 or a pid that now names another process. */
    public static Optional<ProcessIdentity> live(long pid, long startTicks) {
        ProcessIdentity recorded = new ProcessIdentity(pid, startTicks);
        return recorded.isAlive() ? Optional.of(recorded) : Optional.empty();
    }

    public boolean isAlive() {
        return pid > 0 && ProcStat.startTicks(pid).map(t -> t == startTicks).orElse(false) && ProcStat.isRunning(pid);
    }

    /** A handle for waiting and signalling, only while this very process lives. */
    public Optional<ProcessHandle> handle() {
        return isAlive() ? ProcessHandle.of(pid) : Optional.empty();
    }
}
