package io.hurdvm.cli;

import io.hurdvm.errors.ErrorKind;
import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.control.ControlClient;
import io.hurdvm.control.ControlOp;
import io.hurdvm.control.ControlException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "qmp", description = "Run a QMP command on a running instance and print its JSON result.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm qmp vm query-status",
                "  hurdvm qmp vm query-block",
                "  hurdvm qmp vm human-monitor-command '{\"command-line\": \"info version\"}'"})
public final class QmpCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Parameters(index = "1", paramLabel = "COMMAND", description = "The QMP command (execute), e.g. query-status.") String command;
    @Parameters(index = "2", arity = "0..1", paramLabel = "JSON-ARGS", description = "Arguments as a JSON object.") String arguments;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var req = ControlClient.request(ControlOp.QMP).put("execute", command);
        if (arguments != null) {
            JsonNode args;
            try {
                args = JsonFiles.MAPPER.readTree(arguments);
            } catch (Exception e) {
                throw new CliException(ErrorKind.BAD_INPUT, "JSON-ARGS is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (!args.isObject()) {
                throw new CliException(ErrorKind.BAD_INPUT, "JSON-ARGS must be a JSON object such as '{\"device\":\"disk0\"}'");
            }
            req.set("arguments", args);
        }
        JsonNode result;
        try {
            result = RunningInstance.require(CliContext.of(spec), name).control().call(req, Duration.ofSeconds(60));
        } catch (ControlException e) {
            throw new CliException(ErrorKind.FAILURE, e.errorClass() == null ? e.getMessage()
                    : "QMP " + command + " failed: " + e.errorClass() + ": " + e.getMessage());
        }
        OutputFormat.printJson(spec.commandLine().getOut(), result);
        return ExitCodes.OK;
    }
}
