package io.hurdvm.supervisor;

import io.hurdvm.errors.ErrorKind;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.instance.QemuWorkDir;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.DeviceModel;
import io.hurdvm.qemu.QemuBuild;
import io.hurdvm.qemu.QemuCommandBuilder;
import io.hurdvm.qmp.QmpClient;
import io.hurdvm.template.CloneOrigin;
import io.hurdvm.template.StateCompression;
import io.hurdvm.template.TemplateException;
import io.hurdvm.template.TemplateCheck;
import io.hurdvm.template.TemplateManifest;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first start of a clone: QEMU starts with {@code -incoming defer}; once QMP answers, the QEMU
 * build is checked against the one that saved the state, QEMU listens for the state on a socket in
 * its work folder ({@code migrate-incoming}; QEMU may run as an unprivileged user by then), the template's state file is
 * streamed in, and the guest runs on from where the template was saved.
 */
final class StateRestore {
    private static final Logger LOG = LoggerFactory.getLogger(StateRestore.class);
    private static final Duration QMP_STEP = Duration.ofSeconds(30);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(5);
    private static final int CHUNK = 4 << 20;
    private final InstancePaths paths;
    private final CloneOrigin origin;
    private final TemplateManifest manifest;

    StateRestore(InstancePaths paths, CloneOrigin origin, TemplateManifest manifest) {
        this.paths = paths;
        this.origin = origin;
        this.manifest = manifest;
    }

    /** The restore a clone still waits for, if this instance is one. */
    static Optional<StateRestore> pending(InstancePaths paths) {
        return CloneOrigin.readFrom(paths.dir()).filter(CloneOrigin::restorePending).map(origin -> {
            Path manifest = origin.templatePaths().manifest();
            if (!Files.isRegularFile(manifest)) {
                throw new TemplateException(ErrorKind.NOT_FOUND, "template " + origin.template()
                        + " of clone " + paths.name() + " is gone (" + manifest + " is missing)");
            }
            StateRestore restore = new StateRestore(paths, origin, JsonFiles.read(manifest, TemplateManifest.class));
            // QEMU's start and QMP take ~0.25 s: time to load the decompressor meanwhile.
            StateCompression.parse(restore.manifest.state().compression()).preload();
            return restore;
        });
    }

    CloneOrigin origin() {
        return origin;
    }

    TemplateManifest manifest() {
        return manifest;
    }

    /** Before QEMU starts: the machine this supervisor would build is the one the state was saved from. */
    void checkDeviceModel(VmSpec spec, AccelDecision accel) throws VmStarter.StartupFailedException {
        try {
            TemplateCheck.requireSameDeviceModel(manifest, DeviceModel.of(QemuCommandBuilder.DEFAULT_BINARY, spec, accel.chosen()));
        } catch (TemplateException e) {
            throw new VmStarter.StartupFailedException(e.getMessage());
        }
    }

    /** An uncompressed state goes from the page cache to the socket without passing through the JVM (sendfile). */
    private static void sendFile(Path state, SocketChannel ch) throws IOException {
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(state)) {
            long size = file.size();
            long at = 0;
            while (at < size) {
                at += file.transferTo(at, size - at, ch);
            }
        }
    }

    /**
     * A compressed state is decompressed from the mapped file into one direct buffer and written to
     * the socket from there, on this thread. Measured against a decompressing thread a few 1 MiB
     * arrays ahead (bench/templates/RESULTS.md): the arrays went through the supervisor's small heap
     * and were copied twice, and on two shared cores a third busy thread slowed QEMU's loading more
     * than the overlap gained; a socket send buffer that holds a whole buffer gives most of the
     * overlap without it.
     */
    private static void sendDecompressed(StateCompression compression, Path state, SocketChannel ch) throws IOException {
        // Room for a whole buffer in the socket: QEMU loads one while the next one decompresses (the
        // kernel caps it at net.core.wmem_max; where that is small, the copy just takes turns).
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 2 * CHUNK);
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        try (StateCompression.Source in = compression.open(state)) {
            boolean more = true;
            while (more) {
                buf.clear();
                more = in.fill(buf);
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
    }

    /** Streams the saved state into the paused QEMU, which then runs the guest on. */
    void restoreInto(QmpClient qmp) throws VmStarter.StartupFailedException, IOException, InterruptedException {
        try {
            TemplateCheck.requireSameQemu(manifest, QemuBuild.of(qmp.qemuVersion()));
        } catch (TemplateException e) {
            throw new VmStarter.StartupFailedException(e.getMessage());
        }
        // QEMU binds it, after it dropped root: in its work folder.
        Path socket = QemuWorkDir.socket(paths, "restore.sock");
        Files.deleteIfExists(socket);
        qmp.execute("migrate-incoming", JsonFiles.MAPPER.createObjectNode().put("uri", "unix:" + socket), QMP_STEP);
        long t0 = System.nanoTime();
        StateCompression compression = StateCompression.parse(manifest.state().compression());
        Path state = origin.templatePaths().state();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            if (compression.level() == 0) {
                sendFile(state, ch);
            } else {
                sendDecompressed(compression, state, ch);
            }
        }
        long tSent = System.nanoTime();
        try {
            MigrationStatus.awaitCompleted(qmp, RESTORE_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new VmStarter.StartupFailedException("restoring template " + origin.template() + " failed: " + e.getMessage());
        } finally {
            Files.deleteIfExists(socket);
        }
        // Without -S QEMU resumes by itself once the state is in; a paused one is told to go on.
        if (!qmp.execute("query-status", null, QMP_STEP).path("running").asBoolean(false)) {
            qmp.execute("cont", null, QMP_STEP);
        }
        LOG.info("state of template {} ({}) in (ms: streamed {}, loaded and running {})", origin.template(),
                compression.wireName(), (tSent - t0) / 1_000_000, (System.nanoTime() - tSent) / 1_000_000);
    }
}
