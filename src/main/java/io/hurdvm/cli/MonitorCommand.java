package io.hurdvm.cli;

import io.hurdvm.supervisor.ControlClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "monitor", description = "Run a human monitor (HMP) command through QMP, e.g. monitor NAME 'info status'. There is no TCP monitor.")
public final class MonitorCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "HMP-COMMAND") String command;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        var req = ControlClient.request("hmp").put("command", command);
        var result = RunningInstance.require(CliContext.fromEnvironment(), name).control().call(req, Duration.ofSeconds(60));
        spec.commandLine().getOut().print(result.asText());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
