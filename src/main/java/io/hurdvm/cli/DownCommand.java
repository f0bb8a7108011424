package io.hurdvm.cli;

import io.hurdvm.config.SizeParser;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "down", description = {
        "Stop an instance within --timeout, asking the guest first.",
        "Steps: sync and poweroff in the guest over SSH (what GNU/Hurd obeys), the ACPI power button, then QMP quit,"
                + " then kill; each step is printed as it happens.",
        "A QEMU whose supervisor died is taken over and stopped the same way. --force quits QEMU at once."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm down vm",
                "  hurdvm down vm --timeout 2m",
                "  hurdvm down vm --force"})
public final class DownCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Option(names = "--timeout", defaultValue = "30s", description = "How long the whole stop may take, kill included (default: ${DEFAULT-VALUE}).") String timeout;
    @Option(names = "--force", description = "Quit QEMU immediately without asking the guest.") boolean force;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Duration t = SizeParser.duration("--timeout", timeout);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> stopped = Instances.of(host).down(name, t, force, step -> {
            err.println("hurdvm: " + step);
            err.flush();
        });
        stopped.ifPresentOrElse(
                how -> out.println(name + " stopped (" + how + ")"),
                () -> out.println(name + " is not running"));
        out.flush();
        return ExitCodes.OK;
    }
}
