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

/** {@code hurdvm backup create|list|verify|restore|prune}. */
@Command(name = "backup", modelTransformer = CommandConventions.class,
        description = {"Online, incremental, verified backups of an instance's disk to a directory or S3.",
                "The first backup of a chain is full; later ones copy only clusters changed since the previous one."},
        subcommands = {BackupCreateCommand.class, BackupListCommand.class, BackupVerifyCommand.class,
                BackupRestoreCommand.class, BackupPruneCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm backup create vm --target file:///srv/backups",
                "  hurdvm backup list vm --target file:///srv/backups",
                "  hurdvm backup restore vm latest --as vm2 --target file:///srv/backups --boot-check"})
public final class BackupCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Stand-alone entry point until {@code backup} is registered under {@code hurdvm}; also what the ITs run. */
    public static void main(String[] args) {
        if (System.getProperty("hurdvm.log.level") == null && System.getenv("HURDVM_LOG_LEVEL") == null) {
            System.setProperty("hurdvm.log.level", "WARN");
        }
        System.exit(new CommandLine(new BackupCommand()).setExecutionExceptionHandler(new ErrorReporter())
                .setParameterExceptionHandler(new UsageErrorReporter())
                .setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    /** Runs a subcommand body, giving target and backup failures the exit code they deserve. */
    static int guarded(Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (BackupTargetException e) {
            int code = e.reason() == BackupTargetException.Reason.NOT_FOUND ? ExitCodes.NOT_FOUND : ExitCodes.FAILURE;
            throw new CliException(code, e.getMessage());
        } catch (BackupException e) {
            throw new CliException(e instanceof BackupNotFoundException ? ExitCodes.NOT_FOUND : ExitCodes.FAILURE, e.getMessage());
        }
    }
}
