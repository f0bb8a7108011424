package io.hurdvm.cli;

import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.SupervisorLiveness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Print the serial console log; --follow keeps printing new output.")
public final class LogsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the instance stops or Ctrl-C.") boolean follow;
    @Option(names = "--supervisor", description = "Show the supervisor's own log instead of the console.") boolean supervisor;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CliContext ctx = CliContext.fromEnvironment();
        InstancePaths paths = ctx.store().paths(ctx.existing(name));
        Path file = supervisor ? paths.supervisorLog() : paths.consoleLog();
        PrintStream out = System.out;
        if (!Files.exists(file)) {
            return ExitCodes.OK;
        }
        long offset = copyFrom(file, 0, out);
        while (follow && SupervisorLiveness.liveSupervisor(paths).isPresent()) {
            // Polling the file is the honest way to follow a log that another process writes and
            // rotates: the wait below is a poll interval, not a synchronisation.
            Thread.sleep(200);
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size < offset) {
                offset = 0; // rotated: the new file starts from the beginning
            }
            offset = copyFrom(file, offset, out);
        }
        return ExitCodes.OK;
    }

    private static long copyFrom(Path file, long offset, OutputStream out) throws IOException {
        if (!Files.exists(file)) {
            return offset;
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.min(offset, Files.size(file)));
            long n = in.transferTo(out);
            out.flush();
            return offset + n;
        }
    }
}
