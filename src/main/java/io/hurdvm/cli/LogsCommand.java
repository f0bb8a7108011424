package io.hurdvm.cli;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.config.SizeParser;
import io.hurdvm.console.LogFollower;
import io.hurdvm.console.LogSelection;
import io.hurdvm.console.TerminalFilter;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.SupervisorLiveness;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = {"Print the serial console log (with its rotated files, oldest first).",
        "Terminal control sequences are removed unless --raw; --follow keeps printing new output."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm logs vm -n 50",
                "  hurdvm logs vm --since 10m --follow",
                "  hurdvm logs vm --supervisor"})
public final class LogsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    /** --since reaches back at most this far: rotated logs rarely hold more. */
    static final Duration MAX_SINCE = Duration.ofDays(365);
    private static final Duration POLL = Duration.ofMillis(200);

    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the instance stops or Ctrl-C.") boolean follow;
    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Only the last N lines.") Integer lines;
    @Option(names = "--since", paramLabel = "DURATION", description = "Only what was written in the last DURATION (e.g. 10m, 2h, 1d),"
            + " to the second, from the time index kept beside the console log.") String since;
    @Option(names = "--raw", description = "The bytes as the guest sent them, escape sequences included.") boolean raw;
    @Option(names = "--supervisor", description = "Show the supervisor's own log instead of the console.") boolean supervisor;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (lines != null && lines < 0) {
            throw new CliException(ErrorKind.BAD_INPUT, "invalid --lines " + lines + ": use 0 or more");
        }
        Instant cutoff = since == null ? null : Instant.now().minus(SizeParser.duration("--since", since, MAX_SINCE));
        if (cutoff != null && supervisor) {
            throw new CliException(ErrorKind.BAD_INPUT, "--since applies to the console log; the supervisor log's lines carry their own time");
        }
        CliContext ctx = CliContext.of(spec);
        InstancePaths paths = ctx.store().paths(ctx.existing(name));
        Path file = supervisor ? paths.supervisorLog() : paths.consoleLog();
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        // The supervisor log is hurdvm's own text, but it quotes guest output: it is filtered as well.
        OutputStream out = raw ? stdout : new TerminalFilter(stdout, TerminalFilter.Mode.PLAIN_TEXT);
        try (LogSelection all = LogSelection.all(file)) {
            LogSelection selected = all;
            if (cutoff != null) {
                selected = selected.since(cutoff);
            }
            if (lines != null) {
                selected = selected.lastLines(lines);
            }
            selected.copyTo(out);
            if (follow) {
                new LogFollower(file, all.live().orElse(null), out, POLL)
                        .follow(() -> SupervisorLiveness.liveSupervisor(paths).isPresent());
            }
        } finally {
            if (out instanceof TerminalFilter f) {
                f.finish();
            }
            stdout.flush();
        }
        return ExitCodes.OK;
    }
}
