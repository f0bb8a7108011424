package io.hurdvm.cli.snapshot;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "snapshot", description = {
        "Snapshots of an instance: disk and memory while it runs, disk only while it is stopped.",
        "They are internal qcow2 snapshots of the instance disk. While the instance runs, QEMU takes and restores"
                + " disk and memory together, consistently; while it is stopped, qemu-img handles the disk."},
        subcommands = {SnapshotCreateCommand.class, SnapshotListCommand.class, SnapshotRestoreCommand.class,
                SnapshotDeleteCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm snapshot create vm before-upgrade",
                "  hurdvm snapshot list vm"})
public final class SnapshotCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: create, list, restore or delete");
    }
}
