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
        List<InstanceView> views = host.remote()
                ? host.call(io.hurdvm.api.DaemonClient::list)
                : CliContext.fromEnvironment().service().listWithDiskUse();
        PrintWriter out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, views);
            return ExitCodes.OK;
        }
        InstanceTable.of(views, Clock.systemUTC()).print(out);
        out.flush();
        return ExitCodes.OK;
    }
}
