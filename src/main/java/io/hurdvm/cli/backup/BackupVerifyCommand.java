package io.hurdvm.cli.backup;

import io.hurdvm.cli.HostOption;
import io.hurdvm.api.BackupReplies;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.storage.backup.TransferSummary;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", description = {"Re-read every stored file of an instance's backups (or of one) and check its SHA-256 and size.",
        "With a key (--key-file or HURDVM_BACKUP_KEY_FILE) also check that each manifest authenticates with it and every encryption tag;"
                + " a backup claiming to be unencrypted is then refused."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm backup verify vm",
                "  hurdvm backup verify vm latest --key-file /etc/hurdvm/backup.key"})
final class BackupVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Parameters(index = "1", arity = "0..1", paramLabel = "BACKUP_ID", description = "A backup id, or 'latest'; all backups if left out.") String id;
    @Option(names = "--allow-unencrypted", description = "Without a key: accept unencrypted backups although the target also holds"
            + " encrypted ones of this instance (only if you made them yourself).") boolean allowUnencrypted;
    @Mixin TargetOptions targetOptions;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Instant start = Instant.now();
        String instance = InstanceName.of(name).value();
        List<BackupReplies.Verified> reports = Backups.of(host, targetOptions, spec.commandLine().getErr())
                .verify(instance, Optional.ofNullable(id), allowUnencrypted);
        PrintWriter out = spec.commandLine().getOut();
        long bad = reports.stream().filter(r -> !r.ok()).count();
        for (BackupReplies.Verified r : reports) {
            out.println(r.id() + ": " + (r.ok() ? "ok" : "FAILED: " + String.join("; ", r.problems())));
        }
        long read = reports.stream().mapToLong(BackupReplies.Verified::bytesRead).sum();
        out.println(reports.size() + " backup(s) checked, " + bad + " failed; "
                + new TransferSummary(read, 0, Duration.between(start, Instant.now())).describe());
        out.flush();
        return bad == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

}
