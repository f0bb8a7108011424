package io.hurdvm.cli.backup;

import io.hurdvm.cli.CliContext;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.storage.backup.BackupId;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", description = "Re-read every stored file of an instance's backups (or of one) and check its SHA-256 and size.")
final class BackupVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", arity = "0..1", paramLabel = "BACKUP_ID") String id;
    @Mixin TargetOptions targetOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return BackupCommand.guarded(() -> {
            CliContext ctx = CliContext.fromEnvironment();
            Instant start = Instant.now();
            PrintWriter out = spec.commandLine().getOut();
            LineProgress progress = LineProgress.forStderr(spec.commandLine().getErr());
            try (BackupTarget target = targetOptions.open(ctx)) {
                List<BackupVerifier.Report> reports = new BackupVerifier(target, InstanceName.of(name).value())
                        .verify(Optional.ofNullable(id).map(BackupId::new), progress);
                progress.endLine();
                long bad = reports.stream().filter(r -> !r.ok()).count();
                for (BackupVerifier.Report r : reports) {
                    out.println(r.id() + ": " + (r.ok() ? "ok" : "FAILED: " + String.join("; ", r.problems())));
                }
                long read = reports.stream().mapToLong(BackupVerifier.Report::bytesRead).sum();
                out.println(reports.size() + " backup(s) checked, " + bad + " failed; "
                        + new TransferSummary(read, 0, Duration.between(start, Instant.now())).describe());
                out.flush();
                return bad == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        });
    }
}
