package io.hurdvm.cli.schedule;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.CliException;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.backup.TargetOptions;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.storage.backup.BackupOptions;
import io.hurdvm.config.SizeParser;
import io.hurdvm.storage.schedule.BackupPlan;
import io.hurdvm.storage.schedule.CopyTarget;
import io.hurdvm.storage.schedule.DrillPlan;
import io.hurdvm.storage.schedule.Retention;
import io.hurdvm.storage.schedule.ScheduleEntry;
import io.hurdvm.storage.schedule.ScheduleKind;
import io.hurdvm.storage.schedule.ScheduleStore;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
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
                + " the supervisor does not see your shell's environment, so an s3:// target needs --s3-credentials-file."
                + " --copy-to URI (repeatable) copies each backup to a second place, where the same retention applies.",
        "--kind drill restores the latest backup (from --from, else the backup target) into a throwaway instance, boots it"
                + " until SSH answers, runs --check in it, and removes it again; the instance itself is never touched. One drill"
                + " at a time per host; the result shows in 'hurdvm backup status' and /metrics."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm schedule add web --id nightly --cron '0 2 * * *' --kind backup --target file:///srv/backups"
                + " --copy-to s3://offsite/vms --copy-s3-credentials-file /etc/hurdvm/s3 --keep-daily 7",
                "  hurdvm schedule add web --id drill --cron '0 4 * * 0' --kind drill --from s3://offsite/vms"
                + " --s3-credentials-file /etc/hurdvm/s3 --check 'systemctl is-active nginx'"})
public final class ScheduleAddCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Option(names = "--id", required = true, description = "Schedule id: 1-32 lower-case letters, digits, '_' or '-'.") String id;
    @Option(names = "--cron", required = true, description = "5 fields: minute hour day-of-month month day-of-week.") String cron;
    @Option(names = "--kind", defaultValue = "snapshot", description = "What to run: snapshot, backup or drill (default: ${DEFAULT-VALUE}).") ScheduleKind kind;
    @Option(names = "--keep-last", defaultValue = "0", paramLabel = "N", description = "Keep the N newest.") int keepLast;
    @Option(names = "--keep-hourly", defaultValue = "0", paramLabel = "N", description = "Keep the newest of each of the N most recent hours that have one.") int keepHourly;
    @Option(names = "--keep-daily", defaultValue = "0", paramLabel = "N", description = "Likewise for days.") int keepDaily;
    @Option(names = "--keep-weekly", defaultValue = "0", paramLabel = "N", description = "Likewise for ISO weeks.") int keepWeekly;
    @Option(names = "--keep-monthly", defaultValue = "0", paramLabel = "N", description = "Likewise for months.") int keepMonthly;
    @Mixin TargetOptions backupTarget;
    @Option(names = "--max-incrementals", paramLabel = "N", description = "--kind backup: full backup again after N incrementals"
            + " (default: " + BackupOptions.DEFAULT_MAX_INCREMENTALS + ").") Integer maxIncrementals;
    @Option(names = "--copy-to", paramLabel = "URI", description = "--kind backup: also copy each backup to this place (repeatable).") List<String> copyTo;
    @Option(names = "--copy-s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint of the --copy-to places (else HURDVM_S3_ENDPOINT).") String copyEndpoint;
    @Option(names = "--copy-s3-region", description = "S3 region of the --copy-to places.") String copyRegion;
    @Option(names = "--copy-s3-credentials-file", paramLabel = "FILE", description = "S3 credentials of the --copy-to places (else HURDVM_S3_CREDENTIALS_FILE).") Path copyCredentials;
    @Option(names = "--from", paramLabel = "URI", description = "--kind drill: where the backups to restore are (default: as --target).") String from;
    @Option(names = "--check", paramLabel = "CMD", description = "--kind drill: a command run in the restored guest over SSH; exit status 0 passes.") String check;
    @Option(names = "--boot-timeout", paramLabel = "DURATION", description = "--kind drill: how long the restored guest may take to answer SSH (default: 10m).") String bootTimeout;
    @Option(names = "--check-timeout", paramLabel = "DURATION", description = "--kind drill: how long --check may run (default: 5m).") String checkTimeout;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        InstanceName instance = ctx.existing(name);
        Retention retention = new Retention(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly);
        refuseOptionsOfOtherKinds(retention);
        ScheduleEntry entry = kind == ScheduleKind.DRILL ? ScheduleEntry.drill(id, cron, drillPlan(ctx), Instant.now())
                : ScheduleEntry.create(id, cron, kind, retention, plan(ctx), Instant.now());
        InstancePaths paths = ctx.store().paths(instance);
        ScheduleStore.of(paths).add(entry);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("added schedule '%s' to %s: %s at '%s'%s%s; next run %s%n", entry.id(), instance, kind.cliName(),
                entry.cron(), entry.backup() == null ? "" : " to " + entry.backup().describe(),
                entry.drill() == null ? ", keep " + retention.describe() : " of the " + entry.drill().describe(),
                ScheduleListCommand.time(entry.nextRun(ZoneId.systemDefault()).orElse(null)));
        if (retention.keepsAll() && kind != ScheduleKind.DRILL) {
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
        TargetOptions.S3Flags copyS3 = new TargetOptions.S3Flags(copyEndpoint, copyRegion, copyCredentials);
        List<CopyTarget> copies = copyTo == null ? List.of() : copyTo.stream().map(uri -> TargetOptions.copyTarget(ctx, uri, copyS3)).toList();
        return backupTarget.plan(ctx, maxIncrementals == null ? BackupOptions.DEFAULT_MAX_INCREMENTALS : maxIncrementals)
                .withCopies(copies).checkedOnThisHost();
    }

    /** A drill's plan, fixed now like a backup plan (the key and S3 credentials files are read once to fail early). */
    private DrillPlan drillPlan(CliContext ctx) {
        if (from != null && backupTarget.anyGivenTarget()) {
            throw new CliException(ErrorKind.BAD_INPUT, "--from and --target name the same thing for a drill: give --from");
        }
        return backupTarget.drillPlan(ctx, from, check,
                bootTimeout == null ? DrillPlan.DEFAULT_BOOT_TIMEOUT : SizeParser.duration("--boot-timeout", bootTimeout),
                checkTimeout == null ? DrillPlan.DEFAULT_CHECK_TIMEOUT : SizeParser.duration("--check-timeout", checkTimeout));
    }

    /** Every option belongs to one kind; one given for another is a mistake, said before anything is written. */
    private void refuseOptionsOfOtherKinds(Retention retention) {
        boolean copyOptions = copyTo != null || copyEndpoint != null || copyRegion != null || copyCredentials != null;
        if (kind != ScheduleKind.BACKUP && copyOptions) {
            throw new CliException(ErrorKind.BAD_INPUT, "--copy-to and --copy-s3-* are for --kind backup");
        }
        if (kind == ScheduleKind.BACKUP && copyTo == null && (copyEndpoint != null || copyRegion != null || copyCredentials != null)) {
            throw new CliException(ErrorKind.BAD_INPUT, "--copy-s3-* apply to --copy-to places: give --copy-to URI");
        }
        if (kind != ScheduleKind.DRILL && (from != null || check != null || bootTimeout != null || checkTimeout != null)) {
            throw new CliException(ErrorKind.BAD_INPUT, "--from, --check, --boot-timeout and --check-timeout are for --kind drill");
        }
        if (kind == ScheduleKind.DRILL && (!retention.keepsAll() || maxIncrementals != null)) {
            throw new CliException(ErrorKind.BAD_INPUT, "a drill keeps nothing: --keep-* and --max-incrementals are for snapshot and backup schedules");
        }
    }
}
