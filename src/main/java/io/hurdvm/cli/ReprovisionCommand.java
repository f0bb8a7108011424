package io.hurdvm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "reprovision", description = {
        "Repair a running guest's access over the serial console.",
        "Sets the root password, the instance's SSH key, sshd settings and hurdvm's marker again. 'up' does this by"
                + " itself when SSH refuses the key of a guest that was provisioned (key removed, disk reverted);"
                + " this does it by hand."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm reprovision vm"})
public final class ReprovisionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        String outcome = ctx.service().reprovision(ctx.existing(name));
        spec.commandLine().getOut().println(name + ": " + outcome);
        return ExitCodes.OK;
    }
}
