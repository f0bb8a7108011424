package io.hurdvm.cli;

import io.hurdvm.config.SizeParser;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.SupervisorLiveness;
import io.hurdvm.supervisor.ControlClient;
import io.hurdvm.vm.InstanceName;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
        InstancePaths paths = ctx.store().paths(n);
        Optional<ProcessHandle> sup = SupervisorLiveness.liveSupervisor(paths);
        if (sup.isEmpty()) {
            spec.commandLine().getOut().println(n + " is not running");
            return ExitCodes.OK;
        }
        var req = ControlClient.request("down").put("timeoutMs", t.toMillis()).put("force", force);
        var result = new ControlClient(paths.controlSocket()).call(req, t.plusSeconds(30));
        // The supervisor exits right after answering; wait for it so `status` is final when we return.
        sup.get().onExit().get(15, TimeUnit.SECONDS);
        spec.commandLine().getOut().println(n + " stopped (" + result.path("how").asText("stopped") + ")");
        return ExitCodes.OK;
    }
}
