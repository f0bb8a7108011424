package io.hurdvm.cli.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.CliException;
import io.hurdvm.errors.ErrorKind;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.config.SizeParser;
import io.hurdvm.control.ControlClient;
import io.hurdvm.control.ControlOp;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.storage.schedule.ScheduleStore;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", description = {
        "Run a schedule now, in the instance's supervisor, exactly as at its cron time (after a run in progress), and print how it ended.",
        "Its next cron run is then the first one after now. Exit status 1 when the run failed."},
        footerHeading = "%nExamples:%n", footer = {"  hurdvm schedule run web drill", "  hurdvm schedule run web nightly --output json"})
public final class ScheduleRunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance; it must be up (its supervisor runs schedules).") String name;
    @Parameters(index = "1", paramLabel = "ID", description = "The schedule's id.") String id;
    @Option(names = "--timeout", defaultValue = "2h", paramLabel = "DURATION", description = "How long to wait for the run (default: ${DEFAULT-VALUE});"
            + " it goes on in the supervisor if this runs out.") String timeout;
    @Mixin OutputFormat output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        InstanceName instance = ctx.existing(name);
        InstancePaths paths = ctx.store().paths(instance);
        Duration wait = SizeParser.duration("--timeout", timeout);
        if (ScheduleStore.of(paths).find(id).isEmpty()) {
            throw new CliException(ErrorKind.NOT_FOUND, "instance " + instance + " has no schedule '" + id + "' (see 'hurdvm schedule list " + instance + "')");
        }
        if (!ctx.service().isRunning(instance)) {
            throw new CliException(ErrorKind.BAD_INPUT, instance + " is stopped: schedules run in its supervisor; start it with 'hurdvm up " + instance + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!output.structured()) {
            spec.commandLine().getErr().printf("running schedule '%s' of %s now...%n", id, instance);
            spec.commandLine().getErr().flush();
        }
        JsonNode run = new ControlClient(paths.controlSocket()).call(ControlClient.request(ControlOp.RUN_SCHEDULE).put("id", id), wait);
        boolean ok = run.path("ok").asBoolean(false);
        if (output.structured()) {
            output.print(out, run);
        } else {
            out.printf("schedule '%s' (%s) %s: %s%n", id, run.path("kind").asText(), ok ? "ok" : "failed", run.path("message").asText());
        }
        out.flush();
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
