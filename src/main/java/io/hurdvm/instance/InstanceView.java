package io.hurdvm.instance;

import io.hurdvm.limits.LimitsReport;
import io.hurdvm.vm.VmSpec;
import io.hurdvm.vm.VmState;
import java.util.List;

/**
 * What {@code status}, {@code list} and the API show about an instance: its settings, its recorded
 * state, and whether the recording can be trusted (the supervisor that wrote it still lives).
 * Holds no secrets by construction: nothing secret is in the spec or the state.
 */
public record InstanceView(
        String name,
        String state,
        boolean supervisorAlive,
        long supervisorPid,
        long qemuPid,
        String ssh,
        String profile,
        int memoryMib,
        int cpus,
        String image,
        String accel,
        String accelReason,
        int restarts,
        boolean crashLoop,
        boolean consoleReady,
        boolean sshReady,
        Double bootSeconds,
        List<InstanceState.PhaseRecord> bootPhases,
        String message,
        String updatedAt,
        LimitsReport limits) {

    public static InstanceView of(VmSpec spec, InstanceState recorded, boolean supervisorAlive, LimitsReport limits) {
        VmState effective = effectiveState(recorded.state(), supervisorAlive);
        String message = recorded.message();
        if (effective != recorded.state()) {
            message = "supervisor is not running (last recorded state: " + lower(recorded.state()) + ")";
        }
        boolean live = supervisorAlive && effective.isActive();
        int port = recorded.sshPort() != 0 ? recorded.sshPort() : spec.ssh().hostPort();
        return new InstanceView(spec.name().value(), lower(effective), supervisorAlive,
                supervisorAlive ? recorded.supervisorPid() : 0, live ? recorded.qemuPid() : 0,
                port == 0 ? null : spec.ssh().hostAddress() + ":" + port,
                spec.profile().cliName(), spec.memoryMib(), spec.cpus(), spec.baseImage().toString(),
                recorded.accel(), recorded.accelReason(), recorded.restarts(), recorded.crashLoop(),
                live && recorded.consoleReady(), live && recorded.sshReady(),
                recorded.bootMillis() == null ? null : recorded.bootMillis() / 1000.0,
                recorded.bootPhases(), message,
                recorded.updatedAt() == null ? null : recorded.updatedAt().toString(), limits);
    }

    /** A state recorded as active by a supervisor that is gone did not end well. */
    static VmState effectiveState(VmState recorded, boolean supervisorAlive) {
        if (supervisorAlive || !recorded.isActive()) {
            return recorded;
        }
        return recorded == VmState.STOPPING ? VmState.STOPPED : VmState.FAILED;
    }

    private static String lower(VmState s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }
}
