package io.hurdvm.cli;

import io.hurdvm.api.DaemonException;
import io.hurdvm.api.ReadinessReport;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "health", description = {
        "Exit 0 when healthy, 6 when not: a Docker HEALTHCHECK that needs no curl.",
        "With NAME: that instance runs and showed a login prompt. Without: every instance that should run (active state) is ready.",
        "With --host: asks the daemon's /readyz instead of reading local state; an unreachable daemon is unhealthy."},
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm health vm",
                "  hurdvm health",
                "  hurdvm health --host https://127.0.0.1:8480 --ca-file cert.pem",
                "  HEALTHCHECK CMD [\"hurdvm\", \"health\", \"vm\"]      (in a Dockerfile)"})
public final class HealthCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The instance to check (default: every instance that should run).") String name;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReadinessReport report;
        try {
            report = Instances.of(host).readiness(Optional.ofNullable(name));
        } catch (DaemonException e) {
            if (!e.unreachable() && e.status() != 404) {
                throw e;
            }
            out.println("unhealthy: " + e.getMessage());
            out.flush();
            return ExitCodes.UNHEALTHY;
        }
        print(out, report);
        return report.ready() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }

    private static void print(PrintWriter out, ReadinessReport report) {
        if (report.ready()) {
            out.println("healthy: " + report.checked() + " instance" + (report.checked() == 1 ? "" : "s") + " ready");
        }
        for (ReadinessReport.NotReady n : report.notReady()) {
            out.println("unhealthy: " + n.name() + " (" + n.state() + "): " + n.reason());
        }
        out.flush();
    }
}
