package io.hurdvm.cli.schedule;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.CliException;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.storage.schedule.ScheduleStore;
import io.hurdvm.vm.InstanceName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rm", description = "Remove a schedule. The snapshots or backups it made stay; delete them with 'hurdvm snapshot delete' or 'hurdvm backup prune'.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm schedule rm vm hourly"})
public final class ScheduleRmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Parameters(index = "1", paramLabel = "ID", description = "The schedule's id (see 'hurdvm schedule list').") String id;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        InstanceName instance = ctx.existing(name);
        if (!ScheduleStore.of(ctx.store().paths(instance)).remove(id)) {
            throw new CliException(ErrorKind.NOT_FOUND, "instance " + instance + " has no schedule '" + id + "' (see 'hurdvm schedule list " + instance + "')");
        }
        spec.commandLine().getOut().printf("removed schedule '%s' from %s%n", id, instance);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
