package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.InstanceState;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Real GNU Mach (Debian's gnumach-image-1.8-486) boots under hurdvm and its banner reaches the console. */
class GnuMachIT {
    @Test
    void gnuMachBanner_isDetectedAsKernelPhase() throws Exception {
        try (HurdvmProcess hv = new HurdvmProcess()) {
            var up = hv.run("up", "mach", "--image", TestGuests.gnumachIso().toString(), "--memory", "256",
                    "--wait", "none", "--restart", "never");
            assertThat(up.exitCode()).as(up.all()).isZero();

            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            InstanceState s = hv.state("mach");
            while (Instant.now().isBefore(deadline) && s.bootPhases().stream().noneMatch(p -> p.name().equals("KERNEL"))) {
                Thread.sleep(200);
                s = hv.state("mach");
            }
            assertThat(s.bootPhases()).extracting(InstanceState.PhaseRecord::name).contains("KERNEL");
            assertThat(Files.readString(hv.instanceDir("mach").resolve("console.log"))).contains("GNU Mach");
            assertThat(hv.run("status", "mach").stdout()).contains("kernel +");
        }
    }

    @Test
    void kernelPanicOnTheConsole_endsTheWaitAtOnce_andStatusSaysPanicked() throws Exception {
        try (HurdvmProcess hv = new HurdvmProcess()) {
            Instant start = Instant.now();
            var up = hv.run("up", "mach", "--image", TestGuests.gnumachIso().toString(), "--memory", "256",
                    "--wait", "console", "--timeout", "5m", "--restart", "never");
            assertThat(up.exitCode()).as(up.all()).isEqualTo(5);
            assertThat(Duration.between(start, Instant.now())).as("not the 5 minute timeout").isLessThan(Duration.ofSeconds(90));
            assertThat(up.stdout()).contains("the guest kernel panicked: panic ").contains("bootstrap");
            assertThat(hv.run("status", "mach").stdout()).contains("state:       panicked");
            assertThat(hv.run("down", "mach", "--force").exitCode()).isZero();
        }
    }

    @Test
    void kernelPanic_withRestartOnFailure_isRestartedLikeACrash() throws Exception {
        try (HurdvmProcess hv = new HurdvmProcess()) {
            var up = hv.run("up", "mach", "--image", TestGuests.gnumachIso().toString(), "--memory", "256",
                    "--wait", "console", "--timeout", "5m");
            assertThat(up.exitCode()).as(up.all()).isEqualTo(5);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            InstanceState s = hv.state("mach");
            while (s.restarts() < 1 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                s = hv.state("mach");
            }
            assertThat(s.restarts()).as("restarted after the panic: " + s.message()).isGreaterThanOrEqualTo(1);
            assertThat(Files.readString(hv.instanceDir("mach").resolve("supervisor.log"))).contains("the guest kernel panicked: panic");
            assertThat(hv.run("down", "mach", "--force").exitCode()).isZero();
        }
    }

    @Test
    void realHurdImage_bootsToLogin() throws Exception {
        var image = TestGuests.hurdImage();
        try (HurdvmProcess hv = new HurdvmProcess()) {
            var up = hv.run(Duration.ofMinutes(10), "up", "hurd", "--image", image.toString(), "--wait", "console", "--timeout", "8m");
            assertThat(up.exitCode()).as(up.all()).isZero();
            assertThat(hv.run("down", "hurd").exitCode()).isZero();
        }
    }
}
