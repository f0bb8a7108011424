package io.hurdvm.cli.snapshot;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "snapshot", description = {
        "Internal snapshots of an instance disk (qcow2).",
        "While the instance runs they hold disk and memory, taken and restored consistently by QEMU;",
        "while it is stopped they hold the disk only (qemu-img)."},
        subcommands = {SnapshotCreateCommand.class, SnapshotListCommand.class, SnapshotRestoreCommand.class,
                SnapshotDeleteCommand.class})
public final class SnapshotCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: create, list, restore or delete");
    }
}
