package io.hurdvm.supervisor;

import io.hurdvm.console.SerialHub;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.QemuCommandBuilder;
import io.hurdvm.qemu.QemuLauncher;
import io.hurdvm.qemu.QemuProcess;
import io.hurdvm.qemu.QemuSecret;
import io.hurdvm.qmp.QmpClient;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * Starts one QEMU process for a spec and connects to it: serial console first (so no output is
 * lost), then QMP. "Started" is not "ready": readiness is judged separately.
 */
final class QemuStarter {
    /** QEMU that cannot open its sockets within this time is broken, not slow. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private final QemuCommandBuilder builder;
    private final QemuLauncher launcher;
    private final InstancePaths paths;

    QemuStarter(QemuCommandBuilder builder, QemuLauncher launcher, InstancePaths paths) {
        this.builder = builder;
        this.launcher = launcher;
        this.paths = paths;
    }

    /** Thrown when QEMU exits or cannot be reached during start-up: a configuration problem, not a crash. */
    static final class StartupFailedException extends Exception {
        StartupFailedException(String message) {
            super(message);
        }
    }

    QemuRun start(VmSpec spec, AccelDecision accel, int sshPort, List<QemuSecret> secrets, SerialHub hub, boolean firstStart)
            throws StartupFailedException, InterruptedException {
        try {
            Files.createDirectories(paths.socketDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.deleteIfExists(paths.qmpSocket());
            Files.deleteIfExists(paths.serialSocket());
        } catch (IOException e) {
            throw new StartupFailedException("cannot prepare socket folder " + paths.socketDir() + ": " + e.getMessage());
        }
        List<String> argv = builder.build(spec, accel, paths, sshPort, secrets);
        QemuProcess process = launcher.launch(argv, paths.dir().resolve("qemu.log"));
        try {
            if (firstStart) {
                hub.connect(process.startedAt(), CONNECT_TIMEOUT, process::isAlive);
            } else {
                hub.reconnect(process.startedAt(), CONNECT_TIMEOUT, process::isAlive);
            }
            QmpClient qmp = QmpClient.connect(paths.qmpSocket(), CONNECT_TIMEOUT);
            restrictSockets();
            return new QemuRun(process, qmp);
        } catch (IOException | RuntimeException e) {
            process.kill();
            process.onExit().completeOnTimeout(-1, 5, java.util.concurrent.TimeUnit.SECONDS).join();
            String why = process.startupFailure().orElse(e.getMessage());
            throw new StartupFailedException("QEMU failed to start: " + why);
        }
    }

    /** QEMU creates its sockets with the process umask; the folder is 0700 already, the sockets get 0600. */
    private void restrictSockets() throws IOException {
        for (Path p : List.of(paths.qmpSocket(), paths.serialSocket())) {
            if (Files.exists(p)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            }
        }
        if (Files.exists(paths.vncSocket())) {
            Files.setPosixFilePermissions(paths.vncSocket(), PosixFilePermissions.fromString("rw-------"));
        }
    }
}
