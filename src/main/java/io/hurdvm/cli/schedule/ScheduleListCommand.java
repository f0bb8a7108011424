package io.hurdvm.cli.schedule;

import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.storage.schedule.ScheduleKind;
import io.hurdvm.storage.schedule.ScheduleStatus;
import io.hurdvm.storage.schedule.ScheduleStore;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List an instance's schedules with their next run, last run and last result, where backup schedules back up to and what drills restore.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm schedule list vm",
                "  hurdvm schedule list vm -o yaml"})
public final class ScheduleListCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);

    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Mixin OutputFormat output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        InstanceName instance = ctx.existing(name);
        Instant now = Instant.now();
        List<ScheduleStatus> rows = ScheduleStore.of(ctx.store().paths(instance)).load().stream()
                .map(e -> ScheduleStatus.of(e, now, ZoneId.systemDefault())).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, rows);
            return ExitCodes.OK;
        }
        boolean running = ctx.service().isRunning(instance);
        if (rows.isEmpty()) {
            out.printf("%s has no schedules (add one with 'hurdvm schedule add')%n", instance);
        } else {
            out.printf("%-12s %-8s %-16s %-20s %-22s %-22s %s%n", "ID", "KIND", "CRON", "KEEP", "NEXT RUN", "LAST RUN", "LAST RESULT");
            for (ScheduleStatus r : rows) {
                String next = r.due() ? (running ? "due now" : "due (at next up)") : time(r.nextRun());
                // A drill keeps nothing: its retention column would only mislead.
                String keep = r.kind() == ScheduleKind.DRILL ? "-" : r.retention().describe();
                out.printf("%-12s %-8s %-16s %-20s %-22s %-22s %s%n", r.id(), r.kind().cliName(), r.cron(), keep,
                        next, r.lastRun() == null ? "never" : time(r.lastRun()),
                        r.lastResult() == null ? (r.lastRun() == null ? "-" : "running") : r.lastResult().describe());
            }
            for (ScheduleStatus r : rows) {
                if (r.backup() != null) {
                    out.printf("%s backs up to %s%n", r.id(), r.backup().describe());
                }
                if (r.drill() != null) {
                    out.printf("%s drills the %s%n", r.id(), r.drill().describe());
                }
            }
            if (!running) {
                out.printf("%s is stopped: schedules run while it is up%n", instance);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    static String time(Instant t) {
        return t == null ? "never (cron never fires)" : TIME.format(t.atZone(ZoneId.systemDefault()));
    }
}
