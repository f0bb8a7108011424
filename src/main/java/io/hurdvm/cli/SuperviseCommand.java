package io.hurdvm.cli;

import io.hurdvm.supervisor.SupervisorMain;
import io.hurdvm.supervisor.SupervisorSpawner;
import io.hurdvm.vm.InstanceName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Internal: the detached supervisor process that 'up' starts. Not for users. */
@Command(name = "_supervise", hidden = true)
public final class SuperviseCommand implements Callable<Integer> {
    @Parameters(index = "0") String name;
    @Option(names = "--run-id") String runId;
    @Option(names = "--log-file") boolean logFile;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = CliContext.fromEnvironment();
        InstanceName instance = ctx.existing(name);
        return SupervisorMain.runInForeground(ctx.home(), instance, VersionProvider.version(),
                runId != null ? runId : SupervisorSpawner.newRunId(), logFile);
    }
}
