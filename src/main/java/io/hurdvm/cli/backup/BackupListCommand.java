package io.hurdvm.cli.backup;

import io.hurdvm.config.ByteSize;
import io.hurdvm.api.BackupReplies;
import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.HostOption;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.storage.backup.BackupCatalog;
import io.hurdvm.storage.backup.BackupListItem;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List an instance's complete backups, oldest first (interrupted ones are never shown).",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm backup list vm",
                "  hurdvm backup list vm --target s3://bucket/vms --s3-credentials-file /etc/hurdvm/s3 -o json"})
final class BackupListCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Mixin TargetOptions targetOptions;
    @Mixin OutputFormat output;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String instance = InstanceName.of(name).value();
        BackupReplies.Listing listing = host.remote()
                ? host.call(c -> c.backups(instance, targetOptions.remoteTarget()))
                : local(instance);
        print(spec.commandLine().getOut(), listing);
        return 0;
    }

    private BackupReplies.Listing local(String instance) {
        try (BackupTarget target = targetOptions.open(CliContext.fromEnvironment())) {
            return new BackupReplies.Listing(instance, target.uri(),
                    new BackupCatalog(target, instance).backups().stream().map(BackupListItem::of).toList());
        }
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
