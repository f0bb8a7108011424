package io.hurdvm.cli.schedule;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.CliException;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.backup.TargetOptions;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.storage.backup.BackupOptions;
import io.hurdvm.storage.schedule.BackupPlan;
import io.hurdvm.storage.schedule.Retention;
import io.hurdvm.storage.schedule.ScheduleEntry;
import io.hurdvm.storage.schedule.ScheduleKind;
import io.hurdvm.storage.schedule.ScheduleStore;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "add", description = {
        "Add a schedule of snapshots or backups to an instance.",
        "Retention works like restic's forget: the newest --keep-last, plus the newest one of each of the most"
                + " recent hours/days/weeks/months; without --keep-* everything is kept. It only ever deletes"
                + " this schedule's own auto-<id>-<time> snapshots, or the backups this schedule made (never one"
                + " a kept backup builds on).",
        "For --kind backup the target options (or their HURDVM_* variables) are resolved when the schedule is added:"
                + " the supervisor does not see your shell's environment, so an s3:// target needs --s3-credentials-file."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm schedule add vm1 --id hourly --cron '0 * * * *' --kind snapshot --keep-last 24 --keep-daily 7",
                "  hurdvm schedule add vm1 --id nightly --cron '0 2 * * *' --kind backup --target s3://bucket/vms --s3-credentials-file /etc/hurdvm/s3 --keep-daily 7 --keep-weekly 4"})
public final class ScheduleAddCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Option(names = "--id", required = true, description = "Schedule id: 1-32 lower-case letters, digits, '_' or '-'.") String id;
    @Option(names = "--cron", required = true, description = "5 fields: minute hour day-of-month month day-of-week.") String cron;
    @Option(names = "--kind", defaultValue = "snapshot", description = "What to take: snapshot or backup (default: snapshot).") ScheduleKind kind;
    @Option(names = "--keep-last", defaultValue = "0", paramLabel = "N", description = "Keep the N newest.") int keepLast;
    @Option(names = "--keep-hourly", defaultValue = "0", paramLabel = "N", description = "Keep the newest of each of the N most recent hours that have one.") int keepHourly;
    @Option(names = "--keep-daily", defaultValue = "0", paramLabel = "N", description = "Likewise for days.") int keepDaily;
    @Option(names = "--keep-weekly", defaultValue = "0", paramLabel = "N", description = "Likewise for ISO weeks.") int keepWeekly;
    @Option(names = "--keep-monthly", defaultValue = "0", paramLabel = "N", description = "Likewise for months.") int keepMonthly;
    @Mixin TargetOptions backupTarget;
    @Option(names = "--max-incrementals", paramLabel = "N", description = "--kind backup: full backup again after N incrementals"
            + " (default: " + BackupOptions.DEFAULT_MAX_INCREMENTALS + ").") Integer maxIncrementals;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.fromEnvironment();
        InstanceName instance = ctx.existing(name);
        Retention retention = new Retention(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly);
        ScheduleEntry entry = ScheduleEntry.create(id, cron, kind, retention, plan(ctx), Instant.now());
        InstancePaths paths = ctx.store().paths(instance);
        ScheduleStore.of(paths).add(entry);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("added schedule '%s' to %s: %s at '%s'%s, keep %s; next run %s%n", entry.id(), instance, kind.cliName(),
                entry.cron(), entry.backup() == null ? "" : " to " + entry.backup().describe(), retention.describe(),
                ScheduleListCommand.time(entry.nextRun(ZoneId.systemDefault()).orElse(null)));
        if (retention.keepsAll()) {
            spec.commandLine().getErr().println("hurdvm: warning: no --keep-* option: every " + kind.cliName()
                    + " of this schedule is kept until deleted by hand");
        }
        if (!ctx.service().isRunning(instance)) {
            out.printf("%s is stopped: schedules run while it is up%n", instance);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A backup schedule's plan, fixed now; a snapshot schedule has none and takes no backup options. */
    private BackupPlan plan(CliContext ctx) {
        if (kind == ScheduleKind.SNAPSHOT) {
            if (backupTarget.anyGiven() || maxIncrementals != null) {
                throw new CliException(ErrorKind.BAD_INPUT, "--target, --s3-*, --key-file and --max-incrementals are for --kind backup,"
                        + " not for a snapshot schedule");
            }
            return null;
        }
        return backupTarget.plan(ctx, maxIncrementals == null ? BackupOptions.DEFAULT_MAX_INCREMENTALS : maxIncrementals);
    }
}
