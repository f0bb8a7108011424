package io.hurdvm.cli.backup;

import io.hurdvm.config.ByteSize;
import io.hurdvm.api.BackupReplies;
import io.hurdvm.cli.HostOption;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.storage.backup.BackupComparison;
import io.hurdvm.storage.backup.BackupListItem;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", description = {"List an instance's complete backups, oldest first (interrupted ones are never shown).",
        "With --compare URI, side by side with a second target: which backups are missing where (what 'backup copy' would send);"
                + " exit status 1 when they differ."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm backup list vm",
                "  hurdvm backup list vm --target s3://bucket/vms --s3-credentials-file /etc/hurdvm/s3 -o json",
                "  hurdvm backup list vm --target file:///srv/backups --compare s3://offsite/vms"})
final class BackupListCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Option(names = "--compare", paramLabel = "URI", description = "A second target to compare with, e.g. the place 'backup copy' copies to.") String compare;
    @Option(names = "--compare-s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint of --compare (else HURDVM_S3_ENDPOINT).") String compareEndpoint;
    @Option(names = "--compare-s3-region", description = "S3 region of --compare.") String compareRegion;
    @Option(names = "--compare-s3-credentials-file", paramLabel = "FILE", description = "S3 credentials of --compare.") Path compareCredentials;
    @Mixin TargetOptions targetOptions;
    @Mixin OutputFormat output;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String instance = InstanceName.of(name).value();
        Backups backups = Backups.of(host, targetOptions, spec.commandLine().getErr());
        if (compare != null) {
            return compared(backups.compare(instance, compare, new TargetOptions.S3Flags(compareEndpoint, compareRegion, compareCredentials)));
        }
        BackupReplies.Listing listing = backups.list(instance);
        print(spec.commandLine().getOut(), listing);
        return 0;
    }

    /** Exit status 0 when both targets hold the same backups, 1 when one lacks some (a copy is due). */
    private int compared(BackupComparison c) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, c);
        } else {
            out.printf("%-22s %-20s %-11s %-10s %-10s%n", "ID", "TIME", "KIND", "TARGET", "COMPARED");
            for (BackupComparison.Row row : c.backups()) {
                BackupListItem i = row.item();
                out.printf("%-22s %-20s %-11s %-10s %-10s%n", i.id(), i.time(), i.kind() + (i.encrypted() ? "*" : ""),
                        row.onTarget() ? "yes" : "MISSING", row.differs() ? "DIFFERS" : row.onOther() ? "yes" : "MISSING");
            }
            out.println("target " + c.target() + ", compared with " + c.other() + ": " + c.missingOnOther().size() + " missing there, "
                    + c.missingOnTarget().size() + " missing here, " + c.differing().size() + " differ");
        }
        out.flush();
        return c.same() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private void print(PrintWriter out, BackupReplies.Listing listing) {
        List<BackupListItem> items = listing.backups();
        if (output.structured()) {
            output.print(out, items);
        } else if (items.isEmpty()) {
            out.println("no backups of " + listing.instance() + " on " + listing.target());
        } else {
            out.printf("%-22s %-20s %-11s %-22s %10s  %s%n", "ID", "TIME", "KIND", "PARENT", "SIZE", "SCHEDULE");
            for (BackupListItem i : items) {
                out.printf("%-22s %-20s %-11s %-22s %10s  %s%n", i.id(), i.time(), i.kind() + (i.encrypted() ? "*" : ""),
                        i.parent() == null ? "-" : i.parent(), ByteSize.human(i.size()), i.schedule() == null ? "-" : i.schedule());
            }
        }
        out.flush();
    }
}
