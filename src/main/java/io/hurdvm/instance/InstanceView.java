package io.hurdvm.instance;

import io.hurdvm.limits.LimitsReport;
import io.hurdvm.vm.PortForward;
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
        boolean vnc,
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
        String startedAt,
        Long diskBytes,
        LimitsReport limits,
        List<String> forwards,
        String provision) {

    /*
     * forwards: the extra port forwards, as --forward takes them (127.0.0.1:8080:80/tcp).
     * provision: where this run's provision scripts stand (done, running, failed: why); null when none ran.
     * startedAt: when the running QEMU started (its uptime), null unless it runs. diskBytes: host bytes
     * the instance's overlay occupies (qemu-img's actual-size), null where not measured: only the list
     * of instances measures it (a qemu-img per instance; readiness checks and status do without).
     */

    public static InstanceView of(VmSpec spec, InstanceState recorded, InstanceProcesses now, LimitsReport limits) {
        boolean supervisorAlive = now.supervisor().isPresent();
        VmState effective = effectiveState(recorded.state(), supervisorAlive, now.qemu().isPresent());
        String message = recorded.message();
        if (effective == VmState.ORPHANED) {
            message = "QEMU (pid " + recorded.qemuPid() + ") runs without its supervisor: 'hurdvm up " + spec.name()
                    + "' takes it over, 'hurdvm down " + spec.name() + "' stops it";
        } else if (effective != recorded.state()) {
            message = "supervisor is not running (last recorded state: " + lower(recorded.state()) + ")";
        }
        boolean live = supervisorAlive && effective.isActive();
        long qemuPid = now.qemu().map(q -> q.pid()).orElse(0L);
        int port = recorded.sshPort() != 0 ? recorded.sshPort() : spec.ssh().hostPort();
        return new InstanceView(spec.name().value(), lower(effective), supervisorAlive,
                supervisorAlive ? recorded.supervisorPid() : 0, qemuPid,
                port == 0 ? null : spec.ssh().hostAddress() + ":" + port,
                spec.profile().cliName(), spec.memoryMib(), spec.cpus(), spec.baseImage().toString(), spec.vnc(),
                recorded.accel(), recorded.accelReason(), recorded.restarts(), recorded.crashLoop(),
                live && recorded.consoleReady(), live && recorded.sshReady(),
                recorded.bootMillis() == null ? null : recorded.bootMillis() / 1000.0,
                recorded.bootPhases(), message,
                recorded.updatedAt() == null ? null : recorded.updatedAt().toString(),
                live && recorded.startedAt() != null ? recorded.startedAt().toString() : null, null, limits,
                spec.forwards().stream().map(PortForward::describe).toList(),
                live && recorded.sshReady() ? provision(recorded.provision()) : null);
    }

    /** This view with the overlay's measured disk use. */
    public InstanceView withDiskBytes(Long bytes) {
        return new InstanceView(name, state, supervisorAlive, supervisorPid, qemuPid, ssh, profile, memoryMib, cpus, image, vnc,
                accel, accelReason, restarts, crashLoop, consoleReady, sshReady, bootSeconds, bootPhases, message, updatedAt,
                startedAt, bytes, limits, forwards, provision);
    }

    private static String provision(ProvisionState p) {
        if (p == null || (p.isDone() && p.summaries().isEmpty())) {
            return null;
        }
        return switch (p.status()) {
            case RUNNING -> "running";
            case DONE -> "done (" + p.summaries().size() + " script" + (p.summaries().size() == 1 ? "" : "s") + ")";
            case FAILED -> "failed: " + p.failure();
        };
    }

    /**
     * What to believe when the recording may be stale: a state recorded as active by a supervisor that
     * is gone did not end well, unless its QEMU still runs (an orphan).
     */
    static VmState effectiveState(VmState recorded, boolean supervisorAlive, boolean qemuAlive) {
        if (supervisorAlive) {
            return recorded;
        }
        if (qemuAlive) {
            return VmState.ORPHANED;
        }
        if (!recorded.isActive()) {
            return recorded;
        }
        return recorded == VmState.STOPPING ? VmState.STOPPED : VmState.FAILED;
    }

    private static String lower(VmState s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }
}
