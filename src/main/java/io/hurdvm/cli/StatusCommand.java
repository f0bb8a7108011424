package io.hurdvm.cli;

import io.hurdvm.instance.InstanceState.PhaseRecord;
import io.hurdvm.instance.InstanceView;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", description = "Show one instance: state, readiness, boot phases, acceleration and why.",
        footerHeading = "%nExamples:%n",
        footer = {"  hurdvm status vm",
                "  hurdvm status vm -o json",
                "  hurdvm status vm --host https://127.0.0.1:8480 --ca-file cert.pem"})
public final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The instance's name.") String name;
    @Mixin OutputFormat output;
    @Mixin HostOption host;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        InstanceView v = Instances.of(host).view(name);
        PrintWriter out = spec.commandLine().getOut();
        if (output.structured()) {
            output.print(out, v);
        } else {
            print(out, v);
        }
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, InstanceView v) {
        out.printf("name:        %s%n", v.name());
        out.printf("state:       %s%s%n", v.state(), readiness(v));
        if (v.supervisorAlive()) {
            out.printf("processes:   supervisor pid %d, qemu pid %s%n", v.supervisorPid(), v.qemuPid() == 0 ? "-" : v.qemuPid());
        } else if (v.qemuPid() != 0) {
            out.printf("processes:   qemu pid %d, no supervisor%n", v.qemuPid());
        }
        out.printf("machine:     %s, %d MiB, %d vCPU%s%n", v.profile(), v.memoryMib(), v.cpus(), v.cpus() > 1 ? " (SMP is experimental on gnumach)" : "");
        out.printf("image:       %s%n", v.image());
        if (v.ssh() != null) {
            out.printf("ssh:         %s%n", v.ssh());
        }
        if (v.forwards() != null && !v.forwards().isEmpty()) {
            out.printf("forwards:    %s%n", String.join(", ", v.forwards()));
        }
        if (v.provision() != null) {
            out.printf("provision:   %s%n", v.provision());
        }
        if (v.accel() != null) {
            out.printf("accel:       %s (%s)%n", v.accel(), v.accelReason());
        }
        out.printf("restarts:    %d%s%n", v.restarts(), v.crashLoop() ? " (CRASH LOOP: restart policy gave up)" : "");
        if (!v.bootPhases().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (PhaseRecord p : v.bootPhases()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(p.name().toLowerCase(Locale.ROOT))
                        .append(String.format(Locale.ROOT, " +%.1fs", p.sinceStartMillis() / 1000.0));
            }
            out.printf("boot:        %s%n", sb);
        }
        if (v.bootSeconds() != null) {
            out.printf("boot time:   %.1fs%n", v.bootSeconds());
        }
        if (v.limits() != null) {
            var l = v.limits();
            out.printf("limits:      needs %d MiB (guest %d + QEMU overhead %d); memory limit %s%s%n", l.requiredMib(),
                    l.guestMemoryMib(), l.overheadMib(),
                    l.effectiveMemoryLimit() == null ? "none" : (l.effectiveMemoryLimit().bytes() >> 20) + " MiB (" + l.effectiveMemoryLimit().origin() + ")",
                    l.fits() ? "" : " — DOES NOT FIT");
        }
        if (v.message() != null) {
            out.printf("message:     %s%n", v.message());
        }
        out.flush();
    }

    private static String readiness(InstanceView v) {
        if (!v.consoleReady() && !v.sshReady()) {
            return "";
        }
        return " (ready: " + (v.consoleReady() ? "console" : "") + (v.consoleReady() && v.sshReady() ? ", " : "")
                + (v.sshReady() ? "ssh" : "") + ")";
    }
}
