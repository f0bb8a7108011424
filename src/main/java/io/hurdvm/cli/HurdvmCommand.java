package io.hurdvm.cli;

import io.hurdvm.cli.backup.BackupCommand;
import io.hurdvm.cli.image.ImageCommand;
import io.hurdvm.cli.schedule.ScheduleCommand;
import io.hurdvm.cli.snapshot.SnapshotCommand;
import io.hurdvm.cli.template.TemplateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Root of the {@code hurdvm} command line; each verb is its own class in this package. */
@Command(name = "hurdvm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        modelTransformer = CommandConventions.class,
        description = "Runs Debian GNU/Hurd virtual machines under QEMU.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, ListCommand.class, LogsCommand.class,
                ConsoleCommand.class, MonitorCommand.class, QmpCommand.class, RmCommand.class, ReprovisionCommand.class, SshCommand.class,
                CpCommand.class, SshConfigCommand.class, SecretCommand.class, ImageCommand.class, SnapshotCommand.class, BackupCommand.class,
                ScheduleCommand.class, ServeCommand.class, TemplateCommand.class, RunCommand.class,
                HealthCommand.class, BenchCommand.class, CompletionCommand.class, HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm image pull debian-hurd-amd64",
                "  hurdvm up vm --image debian-hurd-amd64 --memory 2048",
                "  hurdvm ssh vm -- uname -a",
                "  hurdvm down vm",
                "", "State lives in HURDVM_HOME (default: $XDG_DATA_HOME/hurdvm, else",
                "~/.local/share/hurdvm)."})
public final class HurdvmCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        // Commands talk to the user on stdout/stderr; only the daemons (supervisor, API server) log at INFO.
        boolean daemon = args.length > 0 && args[0].equals("serve");
        if (System.getProperty("hurdvm.log.level") == null && System.getenv("HURDVM_LOG_LEVEL") == null) {
            System.setProperty("hurdvm.log.level", daemon ? "INFO" : "WARN");
        }
        // A command's stderr is the user's terminal: library log lines (MINA's SFTP warnings, ...)
        // stay out of it; the command reports failures itself. See logback.xml.
        if (!daemon && System.getProperty("hurdvm.log.libraries") == null) {
            System.setProperty("hurdvm.log.libraries", System.getenv().getOrDefault("HURDVM_LOG_LIBRARIES", "OFF"));
        }
        if (!daemon) {
            // A command exits soon after it started a supervisor: as nobody's child, it costs no 0.3 s at exit.
            io.hurdvm.supervisor.SupervisorSpawner.startOrphans();
        }
        System.exit(commandLine().execute(args));
    }

    /** The command tree with hurdvm's error handling; {@link CommandConventions} has already added help options and exit codes. */
    public static CommandLine commandLine() {
        return new CommandLine(new HurdvmCommand())
                .setExecutionExceptionHandler(new ErrorReporter())
                .setParameterExceptionHandler(new UsageErrorReporter())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
