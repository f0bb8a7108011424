package io.hurdvm.cli;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.qmp.HmpReply;
import io.hurdvm.control.ControlClient;
import io.hurdvm.control.ControlOp;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "monitor", description = {"Run a human monitor (HMP) command through QMP, e.g. monitor NAME 'info status'. There is no TCP monitor.",
        "An unknown command or bad arguments exit 2, a command that reports 'Error: ...' exits 1."})
public final class MonitorCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "HMP-COMMAND") String command;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        var req = ControlClient.request(ControlOp.HMP).put("command", command);
        var result = RunningInstance.require(CliContext.fromEnvironment(), name).control().call(req, Duration.ofSeconds(60));
        HmpReply reply = HmpReply.of(result.asText());
        return switch (reply.verdict()) {
            case OK -> {
                spec.commandLine().getOut().print(reply.text());
                spec.commandLine().getOut().flush();
                yield ExitCodes.OK;
            }
            case UNKNOWN_COMMAND, BAD_ARGUMENTS -> throw new CliException(ErrorKind.BAD_INPUT, reply.problem());
            case ERROR -> throw new CliException(ErrorKind.FAILURE, reply.problem());
        };
    }
}
