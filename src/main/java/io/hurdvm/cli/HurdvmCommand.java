package io.hurdvm.cli;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.cli.backup.BackupCommand;
import io.hurdvm.cli.image.ImageCommand;
import io.hurdvm.cli.schedule.ScheduleCommand;
import io.hurdvm.cli.snapshot.SnapshotCommand;
import io.hurdvm.cli.template.TemplateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

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
    private final HostEnvironment env;

    /**
     * The command model only, with no environment: picocli's man page generator makes the root from its
     * class name at build time. Running commands goes through {@link #commandLine(HostEnvironment)}.
     */
    public HurdvmCommand() {
        this(HostEnvironment.empty());
    }

    /** @param env the process's environment, read once by {@link #main} (tests pass their own) */
    public HurdvmCommand(HostEnvironment env) {
        this.env = env;
    }

    /** The environment of the command tree {@code spec} belongs to: every command reaches it through its root. */
    public static HostEnvironment environmentOf(CommandSpec spec) {
        if (spec.root().userObject() instanceof HurdvmCommand root) {
            return root.env;
        }
        throw new IllegalStateException("command " + spec.qualifiedName() + " runs outside hurdvm's command tree");
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        HostEnvironment env = HostEnvironment.ofProcess();
        // Commands talk to the user on stdout/stderr; only the daemons (supervisor, API server) log at INFO.
        boolean daemon = args.length > 0 && args[0].equals("serve");
        if (System.getProperty("hurdvm.log.level") == null && env.logLevel().isEmpty()) {
            System.setProperty("hurdvm.log.level", daemon ? "INFO" : "WARN");
        }
        // A command's stderr is the user's terminal: library log lines (MINA's SFTP warnings, ...)
        // stay out of it; the command reports failures itself. See logback.xml.
        if (!daemon && System.getProperty("hurdvm.log.libraries") == null) {
            System.setProperty("hurdvm.log.libraries", env.libraryLogLevel());
        }
        System.exit(commandLine(env).execute(args));
    }

    /** The command tree with hurdvm's error handling; {@link CommandConventions} has already added help options and exit codes. */
    public static CommandLine commandLine(HostEnvironment env) {
        return new CommandLine(new HurdvmCommand(env))
                .setExecutionExceptionHandler(new ErrorReporter(env.debug()))
                .setParameterExceptionHandler(new UsageErrorReporter(env.debug()))
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
