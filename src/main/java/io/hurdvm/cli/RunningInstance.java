package io.hurdvm.cli;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.control.ControlClient;
import io.hurdvm.vm.InstanceName;

/** An instance whose supervisor is alive, reachable through its control socket. */
record RunningInstance(InstanceName name, InstancePaths paths, ProcessHandle supervisor) {

    static RunningInstance require(CliContext ctx, String rawName) {
        InstanceName name = ctx.existing(rawName);
        InstancePaths paths = ctx.store().paths(name);
        ProcessHandle h = SupervisorLiveness.liveSupervisor(paths)
                .orElseThrow(() -> new CliException(ErrorKind.VM_FAILED, "instance " + name + " is not running (start it with 'hurdvm up " + name + "')"));
        return new RunningInstance(name, paths, h);
    }

    ControlClient control() {
        return new ControlClient(paths.controlSocket());
    }
}
