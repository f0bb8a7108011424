package io.hurdvm.cli.backup;

import io.hurdvm.api.BackupReplies;
import io.hurdvm.cli.HostOption;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.config.SizeParser;
import io.hurdvm.storage.backup.BackupManifest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create", description = {"Back up an instance while it runs (QEMU backup job, the guest is not paused).",
        "Incremental when the previous backup on this target is the newest of an intact chain; full otherwise.",
        "A stopped instance gets a full backup made with qemu-img."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm backup create vm",
                "  hurdvm backup create vm --target s3://bucket/vms --s3-credentials-file /etc/hurdvm/s3 --key-file /etc/hurdvm/backup.key",
                "  hurdvm backup create vm --full --speed 50M -o json"})
final class BackupCreateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Mixin TargetOptions targetOptions;
    @Mixin OutputFormat output;
    @Mixin HostOption host;
    @Option(names = "--full", description = "Start a new chain with a full backup.") boolean full;
    @Option(names = "--max-incrementals", defaultValue = "7", description = "Full backup again after this many incrementals (default: ${DEFAULT-VALUE}).") int maxIncrementals;
    @Option(names = "--speed", description = "Limit QEMU's copy rate, e.g. 50M (bytes per second) to spare the guest's disk I/O.") String speed;
    @Option(names = "--timeout", defaultValue = "6h", description = "Cancel QEMU's copy job after this long (default: ${DEFAULT-VALUE}).") String timeout;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Duration copyTimeout = SizeParser.duration("--timeout", timeout);
        BackupReplies.Created made = Backups.of(host, targetOptions, spec.commandLine().getErr())
                .create(name, new Backups.CreateOptions(full, maxIncrementals, speed, copyTimeout));
        print(spec.commandLine().getOut(), made);
        return 0;
    }

    private void print(PrintWriter out, BackupReplies.Created made) {
        BackupManifest m = made.manifest();
        if (output.structured()) {
            output.print(out, m);
        } else {
            if (made.leftoversRemoved() > 0) {
                out.println("removed " + made.leftoversRemoved() + " interrupted backup(s)");
            }
            out.println("backup " + m.id() + " of " + name + ": " + m.kind() + " (" + made.kindReason() + ")"
                    + (m.parent() == null ? "" : ", parent " + m.parent()) + ", on " + made.target());
            out.println(made.summary().toSummary().describe());
        }
        out.flush();
    }
}
