package io.hurdvm.cli.backup;

import io.hurdvm.cli.HostOption;
import io.hurdvm.api.BackupReplies;
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
        BackupReplies.Pruned r = Backups.of(host, targetOptions, spec.commandLine().getErr()).prune(name, keep);
        r.deleted().forEach(id -> out.println("deleted " + id));
        out.println("pruned " + r.deleted().size() + " backup(s) and " + r.leftovers() + " interrupted leftover(s) of " + name);
        out.flush();
        return 0;
    }

}
