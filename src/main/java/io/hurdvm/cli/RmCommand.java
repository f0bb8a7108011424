package io.hurdvm.cli;

import io.hurdvm.vm.InstanceName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rm", description = {"Delete a stopped instance: its overlay disk, state and secrets. The base image is kept.",
        "Refused while its supervisor or its QEMU still runs."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm rm vm"})
public final class RmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        InstanceName n = ctx.existing(name);
        ctx.service().remove(n);
        spec.commandLine().getOut().println("removed " + n);
        return ExitCodes.OK;
    }
}
