package io.hurdvm.cli;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.guest.SshTarget;
import io.hurdvm.guest.bench.BenchReport;
import io.hurdvm.guest.bench.BenchResult;
import io.hurdvm.guest.bench.GuestBench;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = {
        "Measure a running instance from the host: SSH round trip (one session, new connections), sequential disk write and"
                + " read in the guest (dd, random data), and host<->guest throughput through SSH."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm bench vm", "  hurdvm bench vm --dir /root --size 32 --output json"})
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name; it must be running with SSH ready.") String name;
    @Option(names = "--rounds", defaultValue = "20", paramLabel = "N", description = "Commands/connections per latency median (default: ${DEFAULT-VALUE}).") int rounds;
    @Option(names = "--size", defaultValue = "64", paramLabel = "MiB", description = "Data per throughput measurement (default: ${DEFAULT-VALUE}).") int sizeMiB;
    @Option(names = "--dir", defaultValue = "/var/tmp", paramLabel = "PATH",
            description = "Guest folder on the disk to measure; needs --size MiB free, plus as much in /tmp (default: ${DEFAULT-VALUE}).") String dir;
    @Mixin OutputFormat output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (!dir.startsWith("/") || dir.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new CliException(ErrorKind.BAD_INPUT, "invalid --dir '" + dir.replaceAll("\\p{Cntrl}", "?") + "': give an absolute guest path such as /var/tmp");
        }
        CliContext ctx = CliContext.of(spec);
        SshTarget target = GuestConnection.target(ctx, name);
        PrintWriter err = spec.commandLine().getErr();
        GuestBench bench = new GuestBench(() -> GuestConnection.connect(target), line -> {
            if (!output.structured()) {
                err.println("hurdvm: measuring " + line);
                err.flush();
            }
        });
        BenchReport report;
        try {
            report = bench.run(name, rounds, sizeMiB, dir);
        } catch (IllegalArgumentException e) {
            throw new CliException(ErrorKind.BAD_INPUT, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, report);
        } else {
            print(out, report);
        }
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, BenchReport r) {
        out.printf("%-32s %14s  %s%n", "MEASUREMENT", "RESULT", "HOW");
        for (BenchResult b : r.results()) {
            out.printf("%-32s %14s  %s%n", b.name(), String.format(Locale.ROOT, "%.1f %s", b.value(), b.unit()), b.detail());
        }
        out.flush();
    }
}
