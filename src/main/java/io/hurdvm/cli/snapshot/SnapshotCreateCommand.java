package io.hurdvm.cli.snapshot;

import io.hurdvm.config.ByteSize;
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

@Command(name = "create", description = {
        "Take a snapshot.", "Running instance: disk and memory (the guest pauses while QEMU writes them); stopped instance: disk only."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm snapshot create vm before-upgrade",
                "  hurdvm snapshot create vm clean --timeout 20m"})
public final class SnapshotCreateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Parameters(index = "1", paramLabel = "SNAP", description = "1-64 letters, digits, '.', '_' or '-'; not all digits; 'auto-' is reserved for schedules.") String snapshot;
    @Option(names = "--timeout", defaultValue = "10m", description = "How long QEMU may take to save (default: ${DEFAULT-VALUE}; with --host the daemon's own limit, 10m, applies).") String timeout;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        SnapshotName snap = SnapshotName.userChosen(snapshot);
        PrintWriter out = spec.commandLine().getOut();
        Snapshots.Created made = Snapshots.of(host, timeout).create(name, snap);
        print(out, snap, made.instance(), made.live(), made.memoryBytes());
        out.flush();
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, SnapshotName snap, String instance, boolean live, long memoryBytes) {
        if (live) {
            out.printf("created snapshot '%s' of %s: disk and memory (%s of memory state)%n", snap, instance,
                    ByteSize.human(memoryBytes));
        } else {
            out.printf("created snapshot '%s' of %s: disk only (%s is stopped)%n", snap, instance, instance);
        }
    }
}
