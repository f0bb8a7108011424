package io.hurdvm.cli.backup;

import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.HostOption;
import io.hurdvm.api.BackupReplies;
import io.hurdvm.storage.backup.BackupPruner;
import io.hurdvm.storage.target.BackupTarget;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "prune", description = "Delete all but the newest --keep chains (a full backup and its incrementals), and interrupted leftovers.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm backup prune vm --keep 3"})
final class BackupPruneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Option(names = "--keep", defaultValue = "2", description = "Chains to keep (default: ${DEFAULT-VALUE}).") int keep;
    @Mixin TargetOptions targetOptions;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BackupReplies.Pruned r = host.remote() ? host.call(c -> c.prune(name, keep, targetOptions.remoteTarget())) : local();
        r.deleted().forEach(id -> out.println("deleted " + id));
        out.println("pruned " + r.deleted().size() + " backup(s) and " + r.leftovers() + " interrupted leftover(s) of " + name);
        out.flush();
        return 0;
    }

    private BackupReplies.Pruned local() {
        CliContext ctx = CliContext.fromEnvironment();
        try (BackupTarget target = targetOptions.open(ctx)) {
            BackupPruner.Result r = new BackupPruner(ctx.store().paths(InstanceName.of(name))).prune(target, keep);
            return new BackupReplies.Pruned(name, target.uri(), keep, r.deleted(), r.leftovers());
        }
    }
}
