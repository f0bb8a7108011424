package io.hurdvm.cli;

import io.hurdvm.env.HostEnvironment;
import io.hurdvm.cli.backup.BackupCommand;
import io.hurdvm.cli.image.ImageCommand;
import io.hurdvm.cli.schedule.ScheduleCommand;
import io.hurdvm.cli.snapshot.SnapshotCommand;
import io.hurdvm.cli.template.TemplateCommand;
import io.hurdvm.instance.JsonWarmUp;
import io.hurdvm.secret.JdkEd25519Registrar;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Root of the {@code hurdvm} command line with all its verbs (each its own class in this package):
 * the tree that help, completion and the man pages (built from this class by the build) see. Its own
 * attributes are {@link HurdvmRoot}'s; picocli merges the annotations of a class and its superclass.
 */
@Command(subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, ListCommand.class, LogsCommand.class,
        ConsoleCommand.class, MonitorCommand.class, QmpCommand.class, RmCommand.class, ReprovisionCommand.class, SshCommand.class,
        CpCommand.class, SshConfigCommand.class, SecretCommand.class, ImageCommand.class, SnapshotCommand.class, BackupCommand.class,
        ScheduleCommand.class, ServeCommand.class, TemplateCommand.class, RunCommand.class,
        HealthCommand.class, BenchCommand.class, CompletionCommand.class, HelpCommand.class})
public final class HurdvmCommand extends HurdvmRoot {

    /**
     * The command model only, with no environment: picocli's man page generator makes the root from its
     * class name at build time. Running commands goes through {@link #commandLine(HostEnvironment)}.
     */
    public HurdvmCommand() {
        this(HostEnvironment.empty());
    }

    /** @param env the process's environment, read once by {@link #main} (tests pass their own) */
    public HurdvmCommand(HostEnvironment env) {
        super(env);
    }

    /** The environment of the command tree {@code spec} belongs to: every command reaches it through its root. */
    public static HostEnvironment environmentOf(CommandSpec spec) {
        if (spec.root().userObject() instanceof HurdvmRoot root) {
            return root.env();
        }
        throw new IllegalStateException("command " + spec.qualifiedName() + " runs outside hurdvm's command tree");
    }

    /**
     * Verbs whose work starts with reading instance state: Jackson's first read (its mapper, the JDK
     * date and number classes it initializes, the state's deserializer) was half of a {@code status}'s
     * Java time, and runs on the second core while picocli builds the command's model on the first.
     */
    private static final Set<String> READS_STATE_FIRST = Set.of("status", "list", "ls");

    public static void main(String[] args) {
        HostEnvironment env = HostEnvironment.ofProcess();
        JdkEd25519Registrar.useForMina();
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
        if (!daemon) {
            // A command exits soon after it started a supervisor: as nobody's child, it costs no 0.3 s at exit.
            // Before the cache training, so that the class it loads comes from the cache (the training starts none).
            io.hurdvm.supervisor.SupervisorSpawner.startOrphans();
        }
        if (Boolean.getBoolean(CacheTraining.PROPERTY)) {
            CacheTraining.run(env);
            System.exit(ExitCodes.OK);
        }
        if (args.length > 0 && READS_STATE_FIRST.contains(args[0])) {
            JsonWarmUp.instanceReads();
        }
        System.exit(commandLine(env, args).execute(args));
    }

    /** The whole command tree with hurdvm's error handling; {@link CommandConventions} has already added help options and exit codes. */
    public static CommandLine commandLine(HostEnvironment env) {
        return configure(new CommandLine(new HurdvmCommand(env)), env);
    }

    /**
     * The tree that {@code args} need: picocli builds the model of every command of a tree by
     * reflection when the tree is made, and building all ~60 cost more than the rest of a {@code status}
     * (bench/loop/RESULTS.md). A command line that starts with a verb gets the top command with that
     * verb's subtree only; anything else (no verb, an unknown one, {@code help}, {@code completion},
     * top-level options other than {@code --version}) the whole tree. The verb's model is the same either
     * way ({@code LazyCommandTreeTest}).
     */
    public static CommandLine commandLine(HostEnvironment env, String... args) {
        if (args.length == 0) {
            return commandLine(env);
        }
        if (args[0].equals("-V") || args[0].equals("--version")) {
            return configure(new CommandLine(new HurdvmRoot(env)), env);
        }
        Class<?> verb = LazyVerbs.find(HurdvmCommand.class, args[0]);
        if (verb == null) {
            return commandLine(env);
        }
        CommandLine root = new CommandLine(new HurdvmRoot(env));
        root.addSubcommand(new CommandLine(verb));
        // The conventions ran when the root was made, before it had the verb.
        new CommandConventions().transform(root.getCommandSpec());
        return configure(root, env);
    }

    private static CommandLine configure(CommandLine root, HostEnvironment env) {
        return root.setExecutionExceptionHandler(new ErrorReporter(env.debug()))
                .setParameterExceptionHandler(new UsageErrorReporter(env.debug()))
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
