package io.hurdvm.cli;

import io.hurdvm.instance.InstanceView;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", aliases = "ls", description = {"List instances with their state.",
        "Columns: name, state, SSH address, base image, uptime of the running QEMU, host disk the overlay"
                + " occupies, guest RAM, acceleration and restarts. JSON/YAML carry image, startedAt and diskBytes in full."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm list",
                "  hurdvm ls -o yaml"})
public final class ListCommand implements Callable<Integer> {
    @Mixin OutputFormat output;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        List<InstanceView> views = Instances.of(host).list();
        PrintWriter out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, views);
            return ExitCodes.OK;
        }
        InstanceTable.of(views, Clock.systemUTC()).print(out);
        out.flush();
        return ExitCodes.OK;
    }

    /** Compact: {@code 8080->80,5353->53/udp} on loopback; the bind address only when it is another. */
    static String forwards(InstanceView v) {
        if (v.forwards() == null || v.forwards().isEmpty()) {
            return "-";
        }
        return String.join(",", v.forwards().stream().map(ListCommand::compact).toList());
    }

    private static String compact(String forward) {
        String[] parts = forward.split("[:/]");
        if (parts.length != 4) {
            return forward;
        }
        return (parts[0].equals("127.0.0.1") ? "" : parts[0] + ":") + parts[1] + "->" + parts[2] + (parts[3].equals("tcp") ? "" : "/" + parts[3]);
    }
}
