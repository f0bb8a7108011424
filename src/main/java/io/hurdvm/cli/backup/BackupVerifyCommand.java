package io.hurdvm.cli.backup;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.cli.CliContext;
import io.hurdvm.storage.backup.BackupListItem;
import io.hurdvm.cli.HostOption;
import io.hurdvm.api.BackupReplies;
import io.hurdvm.cli.CliException;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.storage.backup.BackupVerifier;
import io.hurdvm.storage.backup.TransferSummary;
import io.hurdvm.storage.target.BackupTarget;
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
        List<BackupReplies.Verified> reports = host.remote() ? remote(instance) : local(instance);
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

    private List<BackupReplies.Verified> local(String instance) {
        LineProgress progress = LineProgress.forStderr(spec.commandLine().getErr());
        CliContext ctx = CliContext.fromEnvironment();
        try (BackupTarget target = targetOptions.open(ctx)) {
            List<BackupVerifier.Report> reports = new BackupVerifier(target, instance).verify(Optional.ofNullable(id), targetOptions.key(ctx),
                    allowUnencrypted, progress);
            progress.endLine();
            return reports.stream().map(r -> new BackupReplies.Verified(null, instance, target.uri(), r.id(), r.ok(), r.problems(),
                    r.bytesRead(), 0)).toList();
        }
    }

    /** The daemon verifies one backup per call: without an id, every listed one in turn. */
    private List<BackupReplies.Verified> remote(String instance) {
        if (allowUnencrypted) {
            throw new CliException(ErrorKind.BAD_INPUT, "--allow-unencrypted does not apply with --host: the daemon trusts what its own key decides");
        }
        Optional<String> target = targetOptions.remoteTarget();
        return host.call(c -> {
            List<String> ids = id != null ? List.of(id) : c.backups(instance, target).backups().stream().map(BackupListItem::id).toList();
            return ids.stream().map(i -> c.verify(instance, i, target)).toList();
        });
    }
}
