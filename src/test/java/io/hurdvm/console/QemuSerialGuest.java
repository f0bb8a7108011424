package io.hurdvm.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real QEMU (TCG, never KVM) whose COM1 is a Unix socket server, as the supervisor starts it:
 * {@code -chardev socket,id=serial0,path=...,server=on,wait=off -serial chardev:serial0}. Closing it
 * ends the QEMU process this object started, and only that one.
 */
final class QemuSerialGuest implements AutoCloseable {
    static final String QEMU = "qemu-system-x86_64";

    private final Process process;
    private final Instant started;
    private final Path stderr;

    private QemuSerialGuest(Process process, Instant started, Path stderr) {
        this.process = process;
        this.started = started;
        this.stderr = stderr;
    }

    /** Boots {@code iso} from CD-ROM with 128 MiB; QEMU's stderr goes to {@code workDir/qemu.err}. */
    static QemuSerialGuest bootCdrom(Path iso, Path serialSocket, Path workDir) throws IOException {
        return start(List.of("-cdrom", iso.toString(), "-boot", "d"), serialSocket, workDir);
    }

    static QemuSerialGuest start(List<String> guestArgs, Path serialSocket, Path workDir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(QEMU,
                "-machine", "q35", "-accel", "tcg", "-m", "128",
                "-nodefaults", "-no-user-config", "-display", "none",
                "-chardev", "socket,id=serial0,path=" + serialSocket + ",server=on,wait=off",
                "-serial", "chardev:serial0"));
        cmd.addAll(guestArgs);
        Path err = workDir.resolve("qemu.err");
        Instant started = Instant.now();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
        return new QemuSerialGuest(p, started, err);
    }

    static boolean qemuInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, QEMU))) {
                return true;
            }
        }
        return false;
    }

    Instant started() {
        return started;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderr() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
