package io.hurdvm.supervisor;

import io.hurdvm.console.SerialHub;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.AdoptedQemu;
import io.hurdvm.qemu.QemuCommandBuilder;
import io.hurdvm.qemu.VmLauncher;
import io.hurdvm.qemu.VmProcess;
import io.hurdvm.qmp.QmpClient;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts one QEMU process for a spec, or adopts one that outlived its supervisor, and connects to it:
 * serial console first (so no output is lost), then QMP. "Started" is not "ready": readiness is
 * judged separately.
 */
final class QemuStarter implements VmStarter {
    /** QEMU that cannot open its sockets within this time is broken, not slow. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private final QemuCommandBuilder builder;
    private final VmLauncher launcher;
    private final InstancePaths paths;
    /** A clone's saved state, restored by the first start only; later starts boot its disk. */
    private Optional<StateRestore> restore;
    /** Done once the first QEMU was launched, failed to launch or was adopted: see {@link #firstLaunch()}. */
    private final CompletableFuture<Void> firstLaunch = new CompletableFuture<>();

    QemuStarter(QemuCommandBuilder builder, VmLauncher launcher, InstancePaths paths) {
        this(builder, launcher, paths, Optional.empty());
    }

    QemuStarter(QemuCommandBuilder builder, VmLauncher launcher, InstancePaths paths, Optional<StateRestore> restore) {
        this.builder = builder;
        this.launcher = launcher;
        this.paths = paths;
        this.restore = restore;
    }

    /**
     * Completes when this starter's first QEMU has been launched (its process exists), or its launch
     * failed, or a QEMU was adopted: what the supervisor sets up beside QEMU waits for it, so that on 2
     * cores that work does not delay the guest's first instruction.
     */
    CompletableFuture<Void> firstLaunch() {
        return firstLaunch;
    }

    @Override
    public QemuRun start(VmSpec spec, AccelDecision accel, int sshPort, SerialHub hub)
            throws StartupFailedException, InterruptedException {
        try {
            return launchAndConnect(spec, accel, sshPort, hub);
        } finally {
            firstLaunch.complete(null);
        }
    }

    private QemuRun launchAndConnect(VmSpec spec, AccelDecision accel, int sshPort, SerialHub hub)
            throws StartupFailedException, InterruptedException {
        prepareSocketFolder();
        Optional<StateRestore> restoring = restore;
        restore = Optional.empty();
        if (restoring.isPresent()) {
            restoring.get().checkDeviceModel(spec, accel);
        }
        List<String> argv = builder.build(spec, accel, paths, sshPort, restoring.isPresent());
        VmProcess process = launcher.launch(argv, paths.dir().resolve("qemu.log"));
        SupervisorMain.TIMELINE.mark("qemu launched");
        firstLaunch.complete(null);
        try {
            QemuRun run = connect(process, hub, false);
            SupervisorMain.TIMELINE.log("qmp connected");
            if (restoring.isPresent()) {
                restoring.get().restoreInto(run.qmp());
                run.restoredFrom(restoring.get().origin().template());
            }
            return run;
        } catch (StartupFailedException e) {
            process.kill();
            process.onExit().completeOnTimeout(-1, 5, TimeUnit.SECONDS).join();
            throw e;
        } catch (IOException | RuntimeException e) {
            process.kill();
            process.onExit().completeOnTimeout(-1, 5, TimeUnit.SECONDS).join();
            String why = process.startupFailure().orElse(e.getMessage());
            throw new StartupFailedException("QEMU failed to start: " + why);
        }
    }

    /** Takes over a QEMU whose supervisor died: its sockets accept a new client once the old one is gone. */
    @Override
    public QemuRun adopt(AdoptedQemu orphan, SerialHub hub) throws StartupFailedException {
        firstLaunch.complete(null);
        try {
            return connect(orphan, hub, true);
        } catch (IOException | RuntimeException e) {
            throw new StartupFailedException("cannot take over QEMU pid " + orphan.pid() + " (it runs without a supervisor): "
                    + e.getMessage() + "; stop it with 'hurdvm down " + paths.name() + "'");
        }
    }

    private QemuRun connect(VmProcess process, SerialHub hub, boolean adopted) throws IOException {
        hub.connect(process.startedAt(), CONNECT_TIMEOUT, process::isAlive);
        QmpClient qmp = QmpClient.connect(paths.qmpSocket(), CONNECT_TIMEOUT);
        restrictSockets();
        return new QemuRun(process, qmp, adopted);
    }

    /**
     * Stale sockets of a QEMU that is gone are removed; a socket someone still listens on belongs to a
     * live QEMU (one this supervisor did not find in the records) and is never touched.
     */
    private void prepareSocketFolder() throws StartupFailedException {
        try {
            paths.ensureSocketDir();
            for (Path socket : List.of(paths.qmpSocket(), paths.serialSocket())) {
                if (someoneListens(socket)) {
                    throw new StartupFailedException("a QEMU still listens on " + socket + ": another VM of instance "
                            + paths.name() + " runs; stop it with 'hurdvm down " + paths.name() + "'");
                }
                Files.deleteIfExists(socket);
            }
        } catch (IOException | RuntimeException e) {
            throw new StartupFailedException("cannot prepare socket folder " + paths.socketDir() + ": " + e.getMessage());
        }
    }

    private static boolean someoneListens(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /** QEMU creates its sockets with the process umask; the folder is 0700 already, the sockets get 0600. */
    private void restrictSockets() throws IOException {
        for (Path p : List.of(paths.qmpSocket(), paths.serialSocket(), paths.vncSocket())) {
            if (Files.exists(p)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }
}
