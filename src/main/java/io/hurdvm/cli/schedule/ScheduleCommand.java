package io.hurdvm.cli.schedule;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "schedule", description = {
        "Cron schedules of snapshots, backups (with copies) and restore drills, run by the supervisor.",
        "Per-instance schedules: cron times at which the supervisor takes a snapshot (or backup) and applies"
                + " retention. They run while the instance is up; a run missed while it was down runs once when it"
                + " comes up. Cron times are in the host's time zone."},
        subcommands = {ScheduleAddCommand.class, ScheduleListCommand.class, ScheduleRmCommand.class, ScheduleRunCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm schedule add vm --id hourly --cron '0 * * * *' --keep-last 24",
                "  hurdvm schedule list vm"})
public final class ScheduleCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: add, list, rm or run");
    }
}
