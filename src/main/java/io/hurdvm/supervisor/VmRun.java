package io.hurdvm.supervisor;

import io.hurdvm.qemu.VmProcess;
import io.hurdvm.qmp.QmpExecutor;
import java.util.Optional;

/**
 * One lifetime of the VM as the supervisor sees it: the process, its QMP connection, and what the
 * guest said about how it ended. {@link QemuRun} is the real one; tests drive the supervisor with a
 * fake.
 */
interface VmRun extends ShutdownSequence.Target, AutoCloseable {
    VmProcess process();

    /** Taken over from a supervisor that died, rather than started by this one. */
    boolean adopted();

    /** The template whose saved state this run resumed (it did not boot), if it did. */
    default Optional<String> restoredFrom() {
        return Optional.empty();
    }

    /** The guest asked to power off (QMP SHUTDOWN from the guest): not a crash. */
    boolean guestShutdown();

    /** The console's panic line, once the guest kernel panicked in this run. */
    Optional<String> panic();

    void panicked(String line);

    /** QMP of this run, for control requests and scheduled jobs. */
    QmpExecutor qmp();

    /** One human-monitor command through QMP; its text answer. */
    String humanMonitorCommand(String command);

    @Override
    void close();
}
