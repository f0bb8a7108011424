package io.hurdvm.cli.snapshot;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.api.SnapshotRoutes;
import io.hurdvm.cli.CliException;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.HostOption;
import io.hurdvm.storage.snapshot.SnapshotName;
import io.hurdvm.storage.snapshot.SnapshotReport;
import io.hurdvm.storage.snapshot.SnapshotService;
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
        Outcome done = host.remote() ? remote(snap) : local(snap);
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

    /** What the restore did, however it ran. */
    private record Outcome(String instance, boolean memoryRestored, boolean savedMemory) {
    }

    private Outcome local(SnapshotName snap) {
        SnapshotCli cli = SnapshotCli.open(name, timeout);
        // Checked before asking: nobody should confirm a restore of a snapshot that is not there.
        cli.service().list().require(snap, cli.name().value());
        RestoreConfirmation.confirm(yes, cli.name().value(), snap.value(), cli.running(), RestoreConfirmation.terminal());
        SnapshotService.RestoreOutcome done = cli.service().restore(snap);
        return new Outcome(cli.name().value(), done.memoryRestored(), done.snapshot().vmStateSize() > 0);
    }

    /** The same checks and question, with the daemon's view of the instance. */
    private Outcome remote(SnapshotName snap) {
        SnapshotReport report = host.call(c -> c.snapshots(name));
        if (report.snapshots().stream().noneMatch(s -> s.name().equals(snap.value()))) {
            throw new CliException(ErrorKind.NOT_FOUND, "instance " + name + " has no snapshot '" + snap + "' (see 'hurdvm snapshot list "
                    + name + " --host ...')");
        }
        RestoreConfirmation.confirm(yes, report.instance(), snap.value(), report.running(), RestoreConfirmation.terminal());
        SnapshotRoutes.Restored done = host.call(c -> c.restoreSnapshot(name, snap.value()));
        return new Outcome(done.instance(), done.memoryRestored(), done.snapshot().memoryBytes() > 0);
    }
}
