package io.hurdvm.qemu;

import io.hurdvm.proc.ProcStat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.vm.InstanceName;
import io.hurdvm.vm.Profile;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starts the real qemu-system-x86_64 7.2 (TCG, 128 MiB, diskless-but-for an empty qcow2) with the argv
 * {@link QemuCommandBuilder} produces, through {@link QemuLauncher}: proves the real binary accepts
 * every option (including the seccomp sandbox) and that the process is set up as documented.
 */
class QemuLaunchIT {
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private final List<QemuProcess> started = new ArrayList<>();
    private final QemuImgCli img = new QemuImgCli();
    private Path dir;
    private InstancePaths paths;

    @BeforeEach
    void createInstanceFolder() throws IOException {
        // Short path under /tmp: Unix socket paths must fit in 107 bytes.
        dir = Files.createTempDirectory(Path.of("/tmp"), "hv");
        paths = InstancePaths.forDir(dir.resolve("it"));
        Files.createDirectories(paths.dir());
        Path base = paths.dir().resolve("base.qcow2");
        new ProcessCommandRunner().run(List.of("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "64M"), Duration.ofSeconds(30));
        img.createOverlay(base, "qcow2", paths.disk(), 0);
    }

    @AfterEach
    void killQemuAndCleanUp() throws Exception {
        for (QemuProcess qemu : started) {
            qemu.kill();
            qemu.onExit().get(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private VmSpec.Builder spec() {
        return VmSpec.builder(InstanceName.of("it"), paths.dir().resolve("base.qcow2")).memoryMib(128);
    }

    private QemuProcess launch(VmSpec spec, int sshPort) {
        List<String> argv = new QemuCommandBuilder().build(spec, AccelDecision.tcg("tests always use tcg"), paths, sshPort);
        QemuProcess qemu = new QemuLauncher().launch(argv, paths.dir().resolve("qemu.log"));
        started.add(qemu);
        return qemu;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", STARTUP, what).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private void awaitSocketsOf(QemuProcess qemu, Path... sockets) {
        for (Path socket : sockets) {
            await(socket + " (QEMU log: " + qemu.startupFailure().orElse("-") + ")", () -> Files.exists(socket) || !qemu.isAlive());
            assertThat(qemu.isAlive()).as("QEMU alive; its complaint: %s", qemu.startupFailure()).isTrue();
        }
    }

    @Test
    void defaultSpec_isAcceptedByQemu_andRunsWithTheOverlayDisk() throws Exception {
        QemuProcess qemu = launch(spec().build(), PortProbe.pickFreePort("127.0.0.1"));
        awaitSocketsOf(qemu, paths.serialSocket(), paths.qmpSocket());

        try (QmpTestClient qmp = new QmpTestClient(paths.qmpSocket())) {
            assertThat(qmp.execute("query-status").path("status").asText()).isEqualTo("running");
            JsonNode disk = qmp.execute("query-named-block-nodes");
            JsonNode node = Stream.iterate(0, i -> i < disk.size(), i -> i + 1).map(disk::get)
                    .filter(n -> n.path("node-name").asText().equals("disk0")).findFirst().orElseThrow();
            assertThat(node.path("file").asText()).isEqualTo(paths.disk().toString());
            assertThat(node.path("backing_file").asText()).isEqualTo(paths.dir().resolve("base.qcow2").toString());
            assertThat(node.path("cache").path("no-flush").asBoolean()).isFalse();
            assertThat(node.path("ro").asBoolean()).isFalse();
        }
        assertThat(qemu.isAlive()).isTrue();
    }

    @Test
    void qemu_runsInItsOwnSession_withItsOwnPid_andStdinFromDevNull() throws Exception {
        QemuProcess qemu = launch(spec().build(), PortProbe.pickFreePort("127.0.0.1"));
        awaitSocketsOf(qemu, paths.qmpSocket());

        assertThat(ProcStat.sessionId(qemu.pid())).contains(qemu.pid());
        assertThat(ProcStat.processGroup(qemu.pid())).contains(qemu.pid());
        // -name process= renames QEMU's main thread: proves the pid is QEMU, not setsid.
        assertThat(Files.readString(Path.of("/proc", Long.toString(qemu.pid()), "comm")).strip()).isEqualTo("hurdvm-it");
        assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(qemu.pid()), "fd", "0"))).isEqualTo(Path.of("/dev/null"));
        assertThat(Files.readString(qemu.logFile())).startsWith("--- hurdvm: starting QEMU at ");

        qemu.kill();
        assertThat(qemu.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(137);
    }

    @Test
    void i440fxProfile_vncUnsafeCacheAndSmp_areAcceptedByQemu() throws Exception {
        VmSpec spec = spec().profile(Profile.I440FX_IDE).vnc(true).unsafeCache(true).cpus(2).build();
        QemuProcess qemu = launch(spec, PortProbe.pickFreePort("127.0.0.1"));
        awaitSocketsOf(qemu, paths.serialSocket(), paths.qmpSocket(), paths.vncSocket());

        try (QmpTestClient qmp = new QmpTestClient(paths.qmpSocket())) {
            assertThat(qmp.execute("query-cpus-fast").size()).isEqualTo(2);
            assertThat(qmp.execute("query-named-block-nodes").toString()).contains("\"no-flush\":true");
        }
    }

    @Test
    void qemuImg_readsInfoOfTheRunningDisk_butSnapshotIsRefusedByTheLock() throws Exception {
        QemuProcess qemu = launch(spec().build(), PortProbe.pickFreePort("127.0.0.1"));
        awaitSocketsOf(qemu, paths.qmpSocket());
        // The QMP socket may appear before the disks are opened; QMP answers only once the machine is built.
        try (QmpTestClient qmp = new QmpTestClient(paths.qmpSocket())) {
            assertThat(qmp.execute("query-status").path("status").asText()).isEqualTo("running");
        }

        assertThat(img.info(paths.disk()).format()).isEqualTo("qcow2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> img.snapshotCreate(paths.disk(), "while-running"))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("qemu-img snapshot -c while-running")
                .hasMessageContaining("Failed to get \"write\" lock");
    }

    @Test
    void busySshPort_makesQemuExit_andStartupFailureSaysWhyInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            QemuProcess first = launch(spec().build(), port);
            assertThat(first.onExit().get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(first.startupFailure()).contains("Could not set up host forwarding rule 'tcp:127.0.0.1:" + port + "-:22'");

            // A later start reports only its own output, though the log is shared.
            QemuProcess second = launch(spec().build(), PortProbe.pickFreePort("127.0.0.1"));
            awaitSocketsOf(second, paths.qmpSocket());
            assertThat(second.startupFailure().orElse("")).doesNotContain("host forwarding");
        }
    }

    @Test
    void missingQemuBinary_isReportedByTheShellInTheLog() throws Exception {
        QemuProcess qemu = new QemuLauncher().launch(List.of("/nonexistent/qemu-system-x86_64", "-version"), paths.dir().resolve("qemu.log"));
        started.add(qemu);
        assertThat(qemu.onExit().get(10, TimeUnit.SECONDS)).isNotZero();
        assertThat(qemu.startupFailure().orElseThrow()).contains("/nonexistent/qemu-system-x86_64").contains("not found");
    }
}
