package io.hurdvm.cli.snapshot;

import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.HostOption;
import io.hurdvm.storage.snapshot.SnapshotName;
import io.hurdvm.storage.snapshot.SnapshotReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore", description = {
        "Revert an instance to a snapshot.",
        "Running: disk and memory, the guest continues from the snapshot. Stopped: the disk only; the next 'up' boots from it.",
        "Asks for the instance name at a terminal; elsewhere --yes is required."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm snapshot restore vm before-upgrade",
                "  hurdvm snapshot restore vm before-upgrade --yes"})
public final class SnapshotRestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Parameters(index = "1", paramLabel = "SNAP", description = "The snapshot to restore (see 'hurdvm snapshot list').") String snapshot;
    @Option(names = {"-y", "--yes"}, description = "Discard the instance's current state without asking.") boolean yes;
    @Option(names = "--timeout", defaultValue = "10m", description = "How long QEMU may take to load (default: ${DEFAULT-VALUE}).") String timeout;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        SnapshotName snap = SnapshotName.of(snapshot);
        Snapshots snapshots = Snapshots.of(host, timeout);
        SnapshotReport report = snapshots.list(name);
        // Checked before asking: nobody should confirm a restore of a snapshot that is not there.
        report.require(snap);
        RestoreConfirmation.confirm(yes, report.instance(), snap.value(), report.running(), RestoreConfirmation.terminal());
        Snapshots.Restored done = snapshots.restore(name, snap);
        PrintWriter out = spec.commandLine().getOut();
        if (done.memoryRestored()) {
            out.printf("restored %s to snapshot '%s': disk and memory; the guest continues from the snapshot%n", done.instance(), snap);
        } else if (done.savedMemory()) {
            out.printf("restored %s to snapshot '%s': disk only (%s is stopped); its saved memory is not used,"
                    + " the next 'hurdvm up' boots afresh from the restored disk%n", done.instance(), snap, done.instance());
        } else {
            out.printf("restored %s to snapshot '%s' (disk)%n", done.instance(), snap);
        }
        out.flush();
        return ExitCodes.OK;
    }

}
