package io.hurdvm.cli.backup;

import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.storage.backup.BackupCatalog;
import io.hurdvm.storage.backup.BackupListItem;
import io.hurdvm.storage.backup.TransferSummary;
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

@Command(name = "list", description = "List an instance's complete backups, oldest first (interrupted ones are never shown).")
final class BackupListCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Mixin TargetOptions targetOptions;
    @Mixin OutputFormat output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return BackupCommand.guarded(() -> {
            CliContext ctx = CliContext.fromEnvironment();
            String instance = InstanceName.of(name).value();
            PrintWriter out = spec.commandLine().getOut();
            try (BackupTarget target = targetOptions.open(ctx)) {
                List<BackupListItem> items = new BackupCatalog(target, instance).backups().stream().map(BackupListItem::of).toList();
                if (output.json()) {
                    OutputFormat.printJson(out, items);
                } else if (items.isEmpty()) {
                    out.println("no backups of " + instance + " on " + target.uri());
                } else {
                    out.printf("%-22s %-20s %-11s %-22s %10s  %s%n", "ID", "TIME", "KIND", "PARENT", "SIZE", "SCHEDULE");
                    for (BackupListItem i : items) {
                        out.printf("%-22s %-20s %-11s %-22s %10s  %s%n", i.id(), i.time(), i.kind() + (i.encrypted() ? "*" : ""),
                                i.parent() == null ? "-" : i.parent(), TransferSummary.human(i.size()), i.schedule() == null ? "-" : i.schedule());
                    }
                }
            }
            out.flush();
            return 0;
        });
    }
}
