package io.hurdvm.instance;

import io.hurdvm.vm.VmState;
import java.time.Instant;
import java.util.List;

/**
 * What the supervisor knows about its instance, persisted to {@code state.json} after every change.
 * Readers (status, list, the API) never guess: they read this and check the supervisor is alive.
 */
public record InstanceState(
        VmState state,
        String runId,
        long supervisorPid,
        long qemuPid,
        long qemuStartTicks,
        int sshPort,
        String accel,
        String accelReason,
        int restarts,
        boolean crashLoop,
        Integer lastExitCode,
        String message,
        List<PhaseRecord> bootPhases,
        Long bootMillis,
        boolean consoleReady,
        boolean sshReady,
        Instant startedAt,
        Instant updatedAt,
        ProvisionState provision) {

    /*
     * runId: the run (one supervisor's life) that wrote this state. Whoever starts a supervisor gives
     * it a fresh id and waits for states carrying it: a state from an earlier run is no evidence.
     * qemuStartTicks: QEMU's start time in clock ticks since boot (/proc/PID/stat field 22): with the
     * pid it names the process for good, so a QEMU that outlived its supervisor can be found and a
     * recycled pid is never mistaken for it.
     * provision: the user's provision scripts in this run; set together with sshReady (RUNNING), so a
     * ready SSH with no provision state comes from a supervisor that predates provision scripts.
     */

    /** A boot phase seen on the console, with the time since QEMU started. */
    public record PhaseRecord(String name, long sinceStartMillis, Instant at) {
    }

    public InstanceState {
        bootPhases = bootPhases == null ? List.of() : List.copyOf(bootPhases);
    }

    public static InstanceState created() {
        return new InstanceState(VmState.CREATED, null, 0, 0, 0, 0, null, null, 0, false, null, "created", List.of(), null,
                false, false, null, Instant.now(), null);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-with-changes builder; the supervisor updates one or two fields at a time. */
    public static final class Builder {
        private VmState state;
        private String runId;
        private long supervisorPid;
        private long qemuPid;
        private long qemuStartTicks;
        private int sshPort;
        private String accel;
        private String accelReason;
        private int restarts;
        private boolean crashLoop;
        private Integer lastExitCode;
        private String message;
        private List<PhaseRecord> bootPhases;
        private Long bootMillis;
        private boolean consoleReady;
        private boolean sshReady;
        private Instant startedAt;
        private ProvisionState provision;

        private Builder(InstanceState s) {
            state = s.state; runId = s.runId; supervisorPid = s.supervisorPid; qemuPid = s.qemuPid;
            qemuStartTicks = s.qemuStartTicks; sshPort = s.sshPort;
            accel = s.accel; accelReason = s.accelReason; restarts = s.restarts; crashLoop = s.crashLoop;
            lastExitCode = s.lastExitCode; message = s.message; bootPhases = s.bootPhases; bootMillis = s.bootMillis;
            consoleReady = s.consoleReady; sshReady = s.sshReady; startedAt = s.startedAt; provision = s.provision;
        }

        public Builder state(VmState v) { state = v; return this; }
        public Builder supervisorPid(long v) { supervisorPid = v; return this; }
        public Builder runId(String v) { runId = v; return this; }
        /** QEMU's pid and start ticks together: one without the other names no process. */
        public Builder qemu(long pid, long startTicks) { qemuPid = pid; qemuStartTicks = startTicks; return this; }
        public Builder noQemu() { return qemu(0, 0); }
        public Builder sshPort(int v) { sshPort = v; return this; }
        public Builder accel(String v, String reason) { accel = v; accelReason = reason; return this; }
        public Builder restarts(int v) { restarts = v; return this; }
        public Builder crashLoop(boolean v) { crashLoop = v; return this; }
        public Builder lastExitCode(Integer v) { lastExitCode = v; return this; }
        public Builder message(String v) { message = v; return this; }
        public Builder bootPhases(List<PhaseRecord> v) { bootPhases = v; return this; }
        public Builder bootMillis(Long v) { bootMillis = v; return this; }
        public Builder consoleReady(boolean v) { consoleReady = v; return this; }
        public Builder sshReady(boolean v) { sshReady = v; return this; }
        public Builder startedAt(Instant v) { startedAt = v; return this; }
        public Builder provision(ProvisionState v) { provision = v; return this; }

        /** A new boot: phases and readiness start over. */
        public Builder newBoot(Instant at) {
            bootPhases = List.of(); bootMillis = null; consoleReady = false; sshReady = false; startedAt = at; provision = null;
            return this;
        }

        public InstanceState build() {
            return new InstanceState(state, runId, supervisorPid, qemuPid, qemuStartTicks, sshPort, accel, accelReason, restarts, crashLoop,
                    lastExitCode, message, bootPhases, bootMillis, consoleReady, sshReady, startedAt, Instant.now(), provision);
        }
    }
}
