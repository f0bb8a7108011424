package io.hurdvm.cli;

import io.hurdvm.config.SizeParser;
import io.hurdvm.vm.InstanceName;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "down", description = {
        "Stop an instance: ACPI power-down, wait up to --timeout, then QMP quit, then kill.",
        "--force skips the power-down and quits QEMU at once."})
public final class DownCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Option(names = "--timeout", defaultValue = "60s", description = "How long the guest may take to power off (default: ${DEFAULT-VALUE}).") String timeout;
    @Option(names = "--force", description = "Quit QEMU immediately without asking the guest.") boolean force;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Duration t = SizeParser.duration("--timeout", timeout);
        CliContext ctx = CliContext.fromEnvironment();
        InstanceName n = ctx.existing(name);
        PrintWriter out = spec.commandLine().getOut();
        ctx.service().down(n, t, force).ifPresentOrElse(
                how -> out.println(n + " stopped (" + how + ")"),
                () -> out.println(n + " is not running"));
        out.flush();
        return ExitCodes.OK;
    }
}
