package io.hurdvm.instance;

import io.hurdvm.proc.ProcessIdentity;
import java.util.Optional;

/**
 * The processes of one instance as they are now, not as recorded: the supervisor (from its pid file)
 * and QEMU (from the pid and start time the supervisor recorded). QEMU may outlive its supervisor
 * (kill -9, OOM killer): then it is an orphan that {@code up} adopts and {@code down} stops.
 */
public record InstanceProcesses(Optional<ProcessHandle> supervisor, Optional<ProcessIdentity> qemu) {

    public static InstanceProcesses of(InstancePaths paths, InstanceState recorded) {
        return new InstanceProcesses(SupervisorLiveness.liveSupervisor(paths),
                ProcessIdentity.live(recorded.qemuPid(), recorded.qemuStartTicks()));
    }

    /** QEMU runs but no supervisor watches it. */
    public boolean orphaned() {
        return supervisor.isEmpty() && qemu.isPresent();
    }

    /** Something of this instance still runs: it must not be removed or restored under it. */
    public boolean anyAlive() {
        return supervisor.isPresent() || qemu.isPresent();
    }
}
