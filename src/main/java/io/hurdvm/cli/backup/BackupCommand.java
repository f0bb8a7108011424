package io.hurdvm.cli.backup;

import io.hurdvm.cli.CliException;
import io.hurdvm.cli.CommandConventions;
import io.hurdvm.cli.ErrorReporter;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.UsageErrorReporter;
import io.hurdvm.storage.backup.BackupException;
import io.hurdvm.storage.backup.BackupNotFoundException;
import io.hurdvm.storage.target.BackupTargetException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hurdvm backup create|list|verify|restore|prune|copy|status}. */
@Command(name = "backup", modelTransformer = CommandConventions.class,
        description = {"Online, incremental, verified backups of an instance's disk to a directory or S3.",
                "The first backup of a chain is full; later ones copy only clusters changed since the previous one."},
        subcommands = {BackupCreateCommand.class, BackupListCommand.class, BackupVerifyCommand.class,
                BackupRestoreCommand.class, BackupPruneCommand.class, BackupCopyCommand.class, BackupStatusCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm backup create vm --target file:///srv/backups",
                "  hurdvm backup list vm --target file:///srv/backups",
                "  hurdvm backup restore vm latest --as vm2 --target file:///srv/backups --boot-check",
                "  hurdvm backup copy vm --from file:///srv/backups --to s3://offsite/vms --all"})
public final class BackupCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
