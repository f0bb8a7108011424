package io.hurdvm.cli.snapshot;

import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.HostOption;
import io.hurdvm.storage.snapshot.SnapshotName;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", description = "Delete a snapshot; the instance's current state is not touched.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm snapshot delete vm before-upgrade"})
public final class SnapshotDeleteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Parameters(index = "1", paramLabel = "SNAP", description = "The snapshot to delete.") String snapshot;
    @Option(names = "--timeout", defaultValue = "10m", description = "How long QEMU may take (default: ${DEFAULT-VALUE}).") String timeout;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        SnapshotName snap = SnapshotName.of(snapshot);
        String instance = Snapshots.of(host, timeout).delete(name, snap);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("deleted snapshot '%s' of %s%n", snap, instance);
        out.flush();
        return ExitCodes.OK;
    }
}
