package io.hurdvm.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hurdvm.control.ControlException;
import io.hurdvm.instance.InstancePaths;
import io.hurdvm.instance.JsonFiles;
import io.hurdvm.instance.QemuWorkDir;
import io.hurdvm.qemu.AccelDecision;
import io.hurdvm.qemu.DeviceModel;
import io.hurdvm.qemu.QemuBuild;
import io.hurdvm.qemu.QemuCommandBuilder;
import io.hurdvm.qmp.QemuVersion;
import io.hurdvm.qmp.QmpExecutor;
import io.hurdvm.template.ContentHash;
import io.hurdvm.template.StateCompression;
import io.hurdvm.template.TemplatePaths;
import io.hurdvm.vm.VmSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the running machine for a template: sync in the guest, pause, QMP {@code migrate} to a Unix
 * socket this supervisor listens on (QEMU's sandbox may not spawn, so no {@code exec:} URI), the
 * stream compressed into the template's state file; then, with QEMU's disks flushed and inactive,
 * the instance's overlay copied as the template's disk layer, and {@code cont}: the instance goes
 * on running on its own overlay, which the copy no longer shares.
 */
final class StateSaver {
    private static final Logger LOG = LoggerFactory.getLogger(StateSaver.class);
    private static final Duration QMP_STEP = Duration.ofSeconds(30);
    private static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(10);
    private final InstancePaths paths;
    private final VmSpec spec;
    private final AccelDecision accel;
    private final GuestAccess guest;

    StateSaver(InstancePaths paths, VmSpec spec, AccelDecision accel, GuestAccess guest) {
        this.paths = paths;
        this.spec = spec;
        this.accel = accel;
        this.guest = guest;
    }

    /** {@code request}: {@code dir} (a private folder, no state or disk in it yet) and {@code compression}; answers what was saved. */
    JsonNode save(VmRun run, int sshPort, JsonNode request, Consumer<String> progress) throws IOException, InterruptedException {
        TemplatePaths target = new TemplatePaths(targetFolder(request.path("dir").asText("")));
        StateCompression compression = StateCompression.parse(request.path("compression").asText("zstd"));
        QmpExecutor qmp = run.qmp();
        progress.accept("syncing the guest's file systems");
        int synced = guest.runCommand(sshPort, "sync; if command -v syncfs >/dev/null 2>&1; then syncfs; fi", QMP_STEP);
        if (synced != 0) {
            throw new ControlException("'sync' in the guest exited " + synced + ": the guest is not in a state to save");
        }
        long start = System.nanoTime();
        qmp.execute("stop", null, QMP_STEP);
        boolean resumed = false;
        try {
            progress.accept("saving the machine state (" + compression.wireName() + ")");
            long raw = migrate(qmp, target.state(), compression);
            progress.accept("freezing the disk layer");
            Files.copy(paths.disk(), target.disk());
            String diskSha = ContentHash.sha256(target.disk());
            qmp.execute("cont", null, QMP_STEP);
            resumed = true;
            long pausedMs = (System.nanoTime() - start) / 1_000_000;
            LOG.info("saved state ({} bytes raw) and disk layer in {} ms", raw, pausedMs);
            DeviceModel model = DeviceModel.of(QemuCommandBuilder.DEFAULT_BINARY, spec, accel.chosen());
            ObjectNode answer = JsonFiles.MAPPER.createObjectNode();
            answer.put("qemu", QemuBuild.of(version(qmp.execute("query-version", null, QMP_STEP))).text());
            answer.put("deviceModel", model.argv()).put("deviceModelSha256", model.sha256());
            answer.put("accel", accel.chosen().cliName());
            answer.put("compression", compression.wireName()).put("rawBytes", raw).put("bytes", Files.size(target.state()));
            answer.put("diskBytes", Files.size(target.disk())).put("diskSha256", diskSha).put("pausedMillis", pausedMs);
            return answer;
        } finally {
            if (!resumed) {
                resumeAfterFailure(qmp);
            }
        }
    }

    /** Streams QEMU's migration into {@code file}; returns the stream's raw size once QEMU says it completed. */
    private long migrate(QmpExecutor qmp, Path file, StateCompression compression) throws IOException, InterruptedException {
        try (MigrationSocket socket = MigrationSocket.listen(QemuWorkDir.socket(paths, "save.sock"))) {
            qmp.execute("migrate", JsonFiles.MAPPER.createObjectNode().put("uri", socket.uri()), QMP_STEP);
            long raw;
            try (SocketChannel ch = socket.accept(QMP_STEP);
                 InputStream in = Channels.newInputStream(ch);
                 OutputStream out = compression.compressing(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW))) {
                raw = in.transferTo(out);
            }
            MigrationStatus.awaitCompleted(qmp, MIGRATION_TIMEOUT);
            return raw;
        }
    }

    private static void resumeAfterFailure(QmpExecutor qmp) {
        try {
            qmp.execute("migrate_cancel", null, QMP_STEP);
        } catch (RuntimeException e) {
            LOG.debug("migrate_cancel: {}", e.getMessage());
        }
        try {
            qmp.execute("cont", null, QMP_STEP);
        } catch (RuntimeException e) {
            LOG.warn("cannot resume the guest after a failed save: {}", e.getMessage());
        }
    }

    private static QemuVersion version(JsonNode v) {
        JsonNode q = v.path("qemu");
        return new QemuVersion(q.path("major").asInt(), q.path("minor").asInt(), q.path("micro").asInt(), v.path("package").asText(""));
    }

    /** An existing folder the caller made privately; the state and disk files must not exist in it yet. */
    private static Path targetFolder(String text) {
        Path dir = text.isEmpty() ? null : Path.of(text);
        if (dir == null || !dir.isAbsolute() || !Files.isDirectory(dir)) {
            throw new ControlException("save-state needs 'dir', an existing absolute folder");
        }
        return dir;
    }
}
