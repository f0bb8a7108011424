package io.hurdvm.cli.snapshot;

import io.hurdvm.cli.CliContext;
import io.hurdvm.config.SizeParser;
import io.hurdvm.env.HostEnvironment;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.storage.snapshot.SnapshotService;
import io.hurdvm.storage.snapshot.SnapshotServices;
import io.hurdvm.vm.InstanceName;

/** What the snapshot subcommands share: the instance, its snapshot service, and exit codes for failures. */
record SnapshotCli(InstanceName name, InstancePaths paths, SnapshotService service) {

    static SnapshotCli open(HostEnvironment env, String rawName, String timeout) {
        CliContext ctx = CliContext.of(env);
        InstanceName name = ctx.existing(rawName);
        InstancePaths paths = ctx.store().paths(name);
        return new SnapshotCli(name, paths, SnapshotServices.forInstance(paths, SizeParser.duration("--timeout", timeout)));
    }

    boolean running() {
        return SupervisorLiveness.liveSupervisor(paths).isPresent();
    }
}
