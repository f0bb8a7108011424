package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.vm.VmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What users do many times a day, done twice, on a guest that behaves like Debian GNU/Hurd where it
 * matters (it ignores the ACPI power button and obeys poweroff): up, down, up again; a supervisor killed
 * and the VM found, taken over or stopped; two callers at once; a guest that lost its key.
 */
class EverydayLoopIT {
    private static final Duration BOOT = Duration.ofMinutes(4);
    private HurdvmProcess hv;

    @BeforeEach
    void setUp() throws IOException {
        hv = new HurdvmProcess();
    }

    @AfterEach
    void tearDown() throws IOException {
        hv.close();
    }

    private static Path hurdLikeGuest() {
        return TestGuests.linuxGuestHurdLike();
    }

    @Test
    void upDownUpDownUp_eachUpIsReady_andEachStopOfTheAcpiIgnoringGuestIsQuickAndClean() throws Exception {
        var first = hv.run(BOOT, "up", "vm", "--image", hurdLikeGuest().toString(), "--memory", "512", "--timeout", "200s");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.stdout()).contains("vm is up").contains("connect: hurdvm ssh vm");
        assertThat(first.stderr()).as("one line per boot phase when not on a terminal").contains("hurdvm: kernel after")
                .contains("hurdvm: ssh after");
        for (int round = 1; round <= 2; round++) {
            Instant stopStart = Instant.now();
            var down = hv.run("down", "vm");
            Duration stopTook = Duration.between(stopStart, Instant.now());
            assertThat(down.exitCode()).as("round " + round + ": " + down.all()).isZero();
            assertThat(down.stdout()).contains("vm stopped (guest-poweroff)");
            assertThat(down.stderr()).contains("syncing file systems and running poweroff in the guest over SSH");
            assertThat(stopTook).as("stop of a guest that ignores ACPI").isLessThanOrEqualTo(Duration.ofSeconds(15));
            assertThat(hv.state("vm").state()).isEqualTo(VmState.STOPPED);

            var again = hv.run(BOOT, "up", "vm", "--timeout", "200s");
            assertThat(again.exitCode()).as("up after down, round " + round + ": " + again.all()).isZero();
            assertThat(again.stdout()).contains("vm is up (an authenticated SSH command)");
            assertThat(hv.run("ssh", "vm", "--", "true").exitCode()).isZero();
        }
        assertThat(Files.readString(hv.instanceDir("vm").resolve("console.log"))).contains("hurdvm-test: powering off");
    }

    @Test
    void killedSupervisor_leavesAVisibleOrphan_thatRmRefuses_upTakesOver_andDownStops() throws Exception {
        var up = hv.run(BOOT, "up", "vm", "--image", hurdLikeGuest().toString(), "--memory", "512", "--timeout", "200s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        InstanceState running = hv.state("vm");
        long qemu = running.qemuPid();

        killHard(running.supervisorPid());
        var status = hv.run("status", "vm", "--output", "json");
        assertThat(status.stdout()).contains("\"state\" : \"orphaned\"").contains("\"qemuPid\" : " + qemu);
        var rm = hv.run("rm", "vm");
        assertThat(rm.exitCode()).as(rm.all()).isEqualTo(2);
        assertThat(rm.stderr()).contains("QEMU pid " + qemu);
        assertThat(ProcessHandle.of(qemu)).as("rm left the running QEMU alone").isPresent();
        assertThat(hv.instanceDir("vm").resolve("qmp.sock")).exists();

        var adopt = hv.run(BOOT, "up", "vm");
        assertThat(adopt.exitCode()).as(adopt.all()).isZero();
        assertThat(adopt.stderr()).contains("outlived its supervisor: taking it over");
        assertThat(hv.state("vm").qemuPid()).as("the same QEMU, not a second one").isEqualTo(qemu);
        assertThat(hv.run("ssh", "vm", "--", "true").exitCode()).isZero();
        assertThat(hv.run("qmp", "vm", "query-status").stdout()).contains("\"running\" : true");

        killHard(hv.state("vm").supervisorPid());
        var down = hv.run("down", "vm");
        assertThat(down.exitCode()).as(down.all()).isZero();
        assertThat(down.stdout()).contains("vm stopped (guest-poweroff)");
        assertThat(ProcessHandle.of(qemu)).isEmpty();
        assertThat(hv.run("status", "vm").stdout()).contains("state:       stopped");
        assertThat(hv.run("rm", "vm").exitCode()).isZero();
        assertThat(HomeProcesses.qemus(hv.home())).isEmpty();
        assertThat(HomeProcesses.supervisors(hv.home())).isEmpty();
    }

    @Test
    void twoUpsAtOnce_startExactlyOneSupervisorAndOneQemu() throws Exception {
        String image = hurdLikeGuest().toString();
        var a = hv.start("up", "vm", "--image", image, "--memory", "512", "--wait", "console", "--timeout", "200s");
        Thread.sleep(300); // the second caller arrives 0.3 s later, as in the report this test reproduces
        var b = hv.start("up", "vm", "--image", image, "--memory", "512", "--wait", "console", "--timeout", "200s");
        var ra = a.await(BOOT);
        var rb = b.await(BOOT);
        assertThat(ra.exitCode()).as(ra.all()).isZero();
        assertThat(rb.exitCode()).as(rb.all()).isZero();
        assertThat(ra.stdout() + rb.stdout()).contains("already running");
        assertThat(HomeProcesses.supervisors(hv.home())).hasSize(1);
        assertThat(HomeProcesses.qemus(hv.home())).hasSize(1);
    }

    @Test
    void guestWhoseKeyWasRemoved_becomesReadyAgainWithoutManualSteps() throws Exception {
        var up = hv.run(BOOT, "up", "vm", "--image", hurdLikeGuest().toString(), "--memory", "512", "--timeout", "200s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        // authorized_keys lives on the guest's disk (as on Hurd): the key stays gone after a reboot.
        assertThat(hv.run("ssh", "vm", "--", "rm -f /root/.ssh/authorized_keys && sync").exitCode()).isZero();
        assertThat(hv.run("down", "vm").exitCode()).isZero();

        var again = hv.run(BOOT, "up", "vm", "--timeout", "200s");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(hv.run("ssh", "vm", "--", "true").exitCode()).isZero();
        assertThat(Files.readString(hv.instanceDir("vm").resolve("supervisor.log")))
                .contains("repairing it over the serial console").contains("guest repaired");
    }

    @Test
    void upAfterACrashLoop_isReady_andTheCrashLoopFlagGoesBackToZero() throws Exception {
        var up = hv.run("up", "vm", "--image", hurdLikeGuest().toString(), "--memory", "512", "--wait", "none");
        assertThat(up.exitCode()).as(up.all()).isZero();
        // Kill every QEMU the supervisor starts until its restart policy gives up (5 restarts: 1+2+4+8+16 s of backoff).
        long killed = 0;
        InstanceState s = hv.state("vm");
        while (!(s.state() == VmState.FAILED && s.crashLoop())) {
            long last = killed;
            s = Await.until("a new QEMU or the crash loop", Duration.ofSeconds(60), () -> hv.state("vm"),
                    st -> (st.qemuPid() != 0 && st.qemuPid() != last) || st.crashLoop());
            if (s.qemuPid() != 0 && s.qemuPid() != last) {
                killed = s.qemuPid();
                ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        assertThat(crashLoopMetric()).isEqualTo("1.0");

        var again = hv.run(BOOT, "up", "vm", "--wait", "console", "--timeout", "200s");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(hv.state("vm").crashLoop()).isFalse();
        assertThat(crashLoopMetric()).isEqualTo("0.0");
        assertThat(hv.run("status", "vm").stdout()).doesNotContain("CRASH LOOP");
    }

    /** The exporter's value, computed as {@code hurdvm serve} computes it for /metrics. */
    private String crashLoopMetric() {
        try (var metrics = new io.hurdvm.metrics.HurdvmMetrics(hv.home())) {
            var m = java.util.regex.Pattern.compile("(?m)^hurdvm_vm_crash_loop\\{instance_name=\"vm\",?} (\\S+)$")
                    .matcher(metrics.scrape());
            assertThat(m.find()).as("hurdvm_vm_crash_loop in the exposition").isTrue();
            return m.group(1);
        }
    }

    private static void killHard(long pid) throws Exception {
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.destroyForcibly();
        h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
