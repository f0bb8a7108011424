package io.hurdvm.cli;

import io.hurdvm.secret.InstanceSecrets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "secret", description = "Show the secrets of an instance.", subcommands = SecretCommand.Show.class,
        footerHeading = "%nExamples:%n", footer = "  hurdvm secret show vm")
public final class SecretCommand {
    @Command(name = "show", description = "Print the guest's root password (only on request; never logged).",
            footerHeading = "%nExamples:%n", footer = "  hurdvm secret show vm")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.of(spec);
            var paths = ctx.store().paths(ctx.existing(name));
            spec.commandLine().getOut().println(new InstanceSecrets(paths).rootPassword().reveal());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
