package io.hurdvm.storage.snapshot;

import io.hurdvm.qmp.QemuProcessFixture;
import io.hurdvm.qmp.QmpClient;
import io.hurdvm.qmp.QmpCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A 64 MiB qcow2 disk in a short temp folder and, on demand, a real QEMU using it with the block node
 * layout and seccomp sandbox of an hurdvm instance ({@code disk0-file} / {@code disk0}, device
 * {@code hd0}). The PC sits in firmware: enough for snapshots of disk and memory. Closing it kills
 * only the QEMU it started and deletes the folder.
 */
public final class DiskVm implements AutoCloseable {
    private final Path dir;
    private final Path disk;
    private QemuProcessFixture qemu;
    private QmpClient qmp;

    private DiskVm(Path dir) {
        this.dir = dir;
        this.disk = dir.resolve("disk.qcow2");
    }

    public static DiskVm create() throws IOException, InterruptedException {
        DiskVm vm = new DiskVm(Files.createTempDirectory(Path.of("/tmp"), "hvdisk"));
        vm.run("qemu-img", "create", "-q", "-f", "qcow2", vm.disk.toString(), "64M");
        return vm;
    }

    public Path dir() {
        return dir;
    }

    public Path disk() {
        return disk;
    }

    public QmpClient start() {
        qemu = QemuProcessFixture.start(List.of("-machine", "q35", "-accel", "tcg", "-m", "64", "-display", "none", "-nodefaults",
                "-blockdev", "driver=file,node-name=disk0-file,filename=" + disk,
                "-blockdev", "driver=qcow2,node-name=disk0,file=disk0-file",
                "-device", "ide-hd,drive=disk0,bus=ide.0,id=hd0",
                "-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"));
        qmp = qemu.connect();
        return qmp;
    }

    public QmpClient qmp() {
        return qmp;
    }

    /** Quits QEMU through QMP, so the qcow2 is closed consistently before qemu-img touches it. */
    public void quit() {
        new QmpCommands(qmp).quit();
        if (!qemu.awaitExit(Duration.ofSeconds(20))) {
            throw new AssertionError("QEMU did not exit within 20 s of quit");
        }
        qmp.close();
        qmp = null;
    }

    /** Runs a host command (qemu-img, qemu-io) and returns its output; fails unless it exits 0. */
    public String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", argv) + " did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (qmp != null) {
            qmp.close();
        }
        if (qemu != null) {
            qemu.close();
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
