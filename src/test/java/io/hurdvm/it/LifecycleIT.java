package io.hurdvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hurdvm.instance.InstanceState;
import io.hurdvm.vm.VmState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core contract of issue 2 on the real Linux test guest: boot, wait, stop, restart, SIGTERM. */
class LifecycleIT {
    private HurdvmProcess hv;

    @BeforeEach
    void setUp() throws IOException {
        hv = new HurdvmProcess();
    }

    @AfterEach
    void tearDown() throws IOException {
        hv.close();
    }

    @Test
    void up_waitConsole_thenDown_leavesTheBaseImageUntouched() throws Exception {
        Path image = TestGuests.linuxGuest();
        String before = sha256(image);

        var up = hv.run("up", "vm1", "--image", image.toString(), "--memory", "512", "--wait", "console", "--timeout", "120s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.stdout()).contains("vm1 is up");

        var status = hv.run("status", "vm1", "--output", "json");
        assertThat(status.stdout()).contains("\"state\" : \"running\"").contains("\"consoleReady\" : true")
                .contains("\"accel\" : \"tcg\"");
        InstanceState s = hv.state("vm1");
        assertThat(s.bootPhases()).extracting(InstanceState.PhaseRecord::name).contains("KERNEL", "LOGIN");
        assertThat(s.bootMillis()).isPositive();

        Path qmpSocket = hv.instanceDir("vm1").resolve("qmp.sock");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(qmpSocket))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hv.instanceDir("vm1").resolve("console.sock")))).isEqualTo("rw-------");
        assertThat(TcpListeners.ofProcess(s.qemuPid())).containsExactly("127.0.0.1:" + s.sshPort());

        var monitor = hv.run("monitor", "vm1", "info status");
        assertThat(monitor.stdout()).contains("running");
        var qmp = hv.run("qmp", "vm1", "query-status");
        assertThat(qmp.stdout()).contains("\"running\" : true");

        var again = hv.run("up", "vm1", "--wait", "console");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.stdout()).contains("already running");

        var down = hv.run("down", "vm1", "--timeout", "60s");
        assertThat(down.exitCode()).as(down.all()).isZero();
        // The guest's own poweroff when its SSH already works, else the button: both are clean stops.
        assertThat(down.stdout()).containsAnyOf("stopped (acpi)", "stopped (guest-poweroff)");
        assertThat(ProcessHandle.of(s.qemuPid())).isEmpty();
        assertThat(hv.run("status", "vm1", "--output", "json").stdout()).contains("\"state\" : \"stopped\"");
        assertThat(sha256(image)).isEqualTo(before);
    }

    @Test
    void killedQemu_isRestartedWithinTenSeconds_andCounted() throws Exception {
        var up = hv.run("up", "vm2", "--image", TestGuests.linuxGuest().toString(), "--memory", "512", "--wait", "none");
        assertThat(up.exitCode()).as(up.all()).isZero();
        long firstPid = hv.state("vm2").qemuPid();

        Instant killedAt = Instant.now();
        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

        InstanceState restarted = awaitState("vm2", Duration.ofSeconds(10),
                st -> st.qemuPid() != 0 && st.qemuPid() != firstPid);
        assertThat(Duration.between(killedAt, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(restarted.restarts()).isEqualTo(1);
        assertThat(hv.run("status", "vm2").stdout()).contains("restarts:    1");
    }

    @Test
    void sigtermToSupervisor_stopsQemu_andRecordsStopped() throws Exception {
        var up = hv.run("up", "vm3", "--image", TestGuests.linuxGuest().toString(), "--memory", "512", "--wait", "console", "--timeout", "120s");
        assertThat(up.exitCode()).as(up.all()).isZero();
        InstanceState s = hv.state("vm3");
        ProcessHandle supervisor = ProcessHandle.of(s.supervisorPid()).orElseThrow();

        supervisor.destroy(); // SIGTERM
        supervisor.onExit().get(90, TimeUnit.SECONDS);

        assertThat(ProcessHandle.of(s.qemuPid())).isEmpty();
        assertThat(hv.state("vm3").state()).isEqualTo(VmState.STOPPED);
        assertThat(Files.readString(hv.instanceDir("vm3").resolve("console.log"))).contains("hurdvm-test: powering off");
    }

    private InstanceState awaitState(String name, Duration timeout, Predicate<InstanceState> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        InstanceState last = null;
        while (Instant.now().isBefore(deadline)) {
            last = hv.state(name);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("state of " + name + " did not reach the condition within " + timeout + "; last: " + last);
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
