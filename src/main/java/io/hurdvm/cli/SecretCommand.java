package io.hurdvm.cli;

import io.hurdvm.secret.InstanceSecrets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "secret", description = "Secrets of an instance.", subcommands = SecretCommand.Show.class)
public final class SecretCommand {
    @Command(name = "show", description = "Print the guest's root password (only on request; never logged).")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.fromEnvironment();
            var paths = ctx.store().paths(ctx.existing(name));
            spec.commandLine().getOut().println(new InstanceSecrets(paths).rootPassword().reveal());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
