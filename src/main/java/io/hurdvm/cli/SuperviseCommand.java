package io.hurdvm.cli;

import io.hurdvm.supervisor.SupervisorMain;
import io.hurdvm.vm.InstanceName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Internal: the detached supervisor process that 'up' starts. Not for users. */
@Command(name = "_supervise", hidden = true)
public final class SuperviseCommand implements Callable<Integer> {
    @Parameters(index = "0") String name;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = CliContext.fromEnvironment();
        return SupervisorMain.runInForeground(ctx.home(), ctx.existing(name), VersionProvider.version());
    }
}
