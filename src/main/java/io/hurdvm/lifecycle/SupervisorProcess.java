package io.hurdvm.lifecycle;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.instance.JsonWarmUp;
import io.hurdvm.lifecycle.drill.DrillScheduleAction;
import io.hurdvm.storage.schedule.ScheduleKind;
import io.hurdvm.supervisor.SupervisorMain;
import io.hurdvm.supervisor.SupervisorMain.ScheduleActions;
import io.hurdvm.vm.InstanceName;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

/**
 * The supervisor process: {@link SupervisorMain} plus the scheduled actions that need this layer.
 * A restore drill boots and removes a throwaway instance with {@link InstanceService}, which the
 * supervisor (a layer below) cannot use, so the process is assembled here and started from here.
 */
public final class SupervisorProcess {
    /** Restore drills, run by the instance's own supervisor; its environment is the allowlisted one it was started with. */
    static ScheduleActions actions(HostEnvironment env) {
        return (home, paths, qmp) -> Map.of(ScheduleKind.DRILL, new DrillScheduleAction(home, paths, env, ZoneId.systemDefault()));
    }

    private SupervisorProcess() {
    }

    /** What {@code up} spawns (detached, by {@link io.hurdvm.supervisor.SupervisorSpawner}); not for people. */
    public static void main(String[] args) throws Exception {
        JsonWarmUp.stateWriteAndRead();
        HostEnvironment env = HostEnvironment.ofProcess();
        System.exit(SupervisorMain.runDetached(args, env, actions(env)));
    }

    /** {@code up --foreground} (containers): the supervisor in the calling process until the VM stops. */
    public static int runInForeground(Path home, HostEnvironment env, InstanceName name, String version, String runId) throws Exception {
        return SupervisorMain.runInForeground(home, env, name, version, runId, false, actions(env));
    }
}
