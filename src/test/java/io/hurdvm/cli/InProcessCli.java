package io.hurdvm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code hurdvm ARGS} as a user would, but in this JVM (picocli), capturing both outputs. */
public final class InProcessCli {
    /** The exit code and what the command printed. */
    public record Run(int exitCode, String out, String err) {
    }

    private InProcessCli() {
    }

    /** {@code hurdvm ARGS --token-file FILE}: a command with --host, carrying the daemon's token. */
    public static Run runWithToken(java.nio.file.Path tokenFile, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--token-file";
        all[args.length + 1] = tokenFile.toString();
        return run(all);
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = HurdvmCommand.commandLine(io.hurdvm.env.HostEnvironment.ofProcess());
        cmd.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
