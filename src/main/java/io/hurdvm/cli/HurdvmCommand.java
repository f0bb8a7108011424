package io.hurdvm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Root of the {@code hurdvm} command line; each verb is its own class in this package. */
@Command(name = "hurdvm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Runs Debian GNU/Hurd virtual machines under QEMU.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, ListCommand.class, LogsCommand.class,
                ConsoleCommand.class, MonitorCommand.class, QmpCommand.class, RmCommand.class, SuperviseCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad input, 3 not found, 4 timed out, 5 VM failed, 6 unhealthy.",
                "State lives in HURDVM_HOME (default: $XDG_DATA_HOME/hurdvm or ~/.local/share/hurdvm)."})
public final class HurdvmCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        // Commands talk to the user on stdout/stderr; only the supervisor logs at INFO.
        boolean supervisor = args.length > 0 && args[0].equals("_supervise");
        if (System.getProperty("hurdvm.log.level") == null && System.getenv("HURDVM_LOG_LEVEL") == null) {
            System.setProperty("hurdvm.log.level", supervisor ? "INFO" : "WARN");
        }
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new HurdvmCommand())
                .setExecutionExceptionHandler(new ErrorReporter())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
