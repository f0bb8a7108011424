package io.hurdvm.cli.snapshot;

import io.hurdvm.config.ByteSize;
import io.hurdvm.cli.ExitCodes;
import io.hurdvm.cli.HostOption;
import io.hurdvm.cli.OutputFormat;
import io.hurdvm.storage.snapshot.SnapshotReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List an instance's snapshots: name, date, guest clock, saved memory; and the disk's size.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm snapshot list vm",
                "  hurdvm snapshot list vm -o json"})
public final class SnapshotListCommand implements Callable<Integer> {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Mixin OutputFormat output;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        SnapshotReport report = Snapshots.of(host, "1m").list(name);
        PrintWriter out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, report);
            return ExitCodes.OK;
        }
        if (report.snapshots().isEmpty()) {
            out.printf("%s has no snapshots%n", report.instance());
        } else {
            out.printf("%-30s %-25s %12s %10s%n", "NAME", "DATE", "VM CLOCK", "MEMORY");
            for (SnapshotReport.Row s : report.snapshots()) {
                out.printf("%-30s %-25s %12s %10s%n", s.name(), DATE.format(s.created().atZone(ZoneId.systemDefault())),
                        clock(Duration.ofMillis(s.vmClockMillis())), s.memoryBytes() == 0 ? "- (disk)" : ByteSize.human(s.memoryBytes()));
            }
        }
        out.printf("disk: %s on the host for the overlay and all its snapshots (qcow2 does not account disk use"
                + " per snapshot); virtual size %s%n", ByteSize.human(report.diskBytes()), ByteSize.human(report.diskVirtualBytes()));
        out.flush();
        return ExitCodes.OK;
    }

    /** Guest run time at the snapshot, as h:mm:ss.s. */
    static String clock(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d:%04.1f", d.toHours(), d.toMinutesPart(), d.toSecondsPart() + d.toMillisPart() / 1000.0);
    }
}
