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

@Command(name = "monitor", description = {"Run a human monitor (HMP) command through QMP.",
        "There is no TCP monitor: this is the way to HMP.",
        "An unknown command or bad arguments exit 2, a command that reports 'Error: ...' exits 1."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm monitor vm 'info status'",
                "  hurdvm monitor vm 'info block'"})
public final class MonitorCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Parameters(index = "1", paramLabel = "HMP-COMMAND", description = "The HMP command line, quoted as one argument.") String command;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        var req = ControlClient.request(ControlOp.HMP).put("command", command);
        var result = RunningInstance.require(CliContext.of(spec), name).control().call(req, Duration.ofSeconds(60));
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
