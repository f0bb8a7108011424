package io.hurdvm.cli;

import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.vm.InstanceName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rm", description = "Delete a stopped instance: its overlay disk, state and secrets. The base image is kept.")
public final class RmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.fromEnvironment();
        InstanceName n = ctx.existing(name);
        if (SupervisorLiveness.liveSupervisor(ctx.store().paths(n)).isPresent()) {
            throw new CliException(ExitCodes.USAGE, "instance " + n + " is running: stop it first with 'hurdvm down " + n + "'");
        }
        ctx.store().remove(n);
        spec.commandLine().getOut().println("removed " + n);
        return ExitCodes.OK;
    }
}
