package io.hurdvm.cli;

import io.hurdvm.instance.InstanceView;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", aliases = "ls", description = "List instances with their state.")
public final class ListCommand implements Callable<Integer> {
    @Mixin OutputFormat output;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.fromEnvironment();
        List<InstanceView> views = new ArrayList<>();
        if (host.remote()) {
            views.addAll(host.call(io.hurdvm.api.DaemonClient::list));
        } else {
            for (InstanceName n : ctx.store().list()) {
                views.add(ctx.view(n));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputFormat.printJson(out, views);
            return ExitCodes.OK;
        }
        out.printf("%-20s %-11s %-22s %-7s %5s %-8s %s%n", "NAME", "STATE", "SSH", "ACCEL", "MiB", "RESTARTS", "FORWARDS");
        for (InstanceView v : views) {
            out.printf("%-20s %-11s %-22s %-7s %5d %-8d %s%n", v.name(), v.state(), v.ssh() == null ? "-" : v.ssh(),
                    v.accel() == null ? "-" : v.accel(), v.memoryMib(), v.restarts(), forwards(v));
        }
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
