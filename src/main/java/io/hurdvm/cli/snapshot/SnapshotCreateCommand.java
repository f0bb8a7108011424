package io.hurdvm.cli.snapshot;

import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.VersionProvider;
import io.hurdvm.storage.snapshot.SnapshotName;
import io.hurdvm.storage.snapshot.SnapshotService;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = {
        "Take a snapshot. Running instance: disk and memory (the guest pauses while QEMU writes them); stopped instance: disk only."})
public final class SnapshotCreateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "SNAP", description = "1-64 letters, digits, '.', '_' or '-'; not all digits; 'auto-' is reserved for schedules.") String snapshot;
    @Option(names = "--timeout", defaultValue = "10m", description = "How long QEMU may take to save (default: ${DEFAULT-VALUE}).") String timeout;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        SnapshotName snap = SnapshotName.userChosen(snapshot);
        SnapshotCli cli = SnapshotCli.open(name, timeout);
        SnapshotService.CreateOutcome made = SnapshotCli.reporting(() -> cli.service().create(snap));
        PrintWriter out = spec.commandLine().getOut();
        if (made.mode() == SnapshotService.Mode.LIVE) {
            out.printf("created snapshot '%s' of %s: disk and memory (%s of memory state)%n", snap, cli.name(),
                    SnapshotListCommand.bytes(made.snapshot().vmStateSize()));
        } else {
            out.printf("created snapshot '%s' of %s: disk only (%s is stopped)%n", snap, cli.name(), cli.name());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
